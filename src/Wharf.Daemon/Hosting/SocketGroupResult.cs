namespace Wharf.Daemon.Hosting;

/// <summary>What became of the socket's group.</summary>
internal enum SocketGroupOutcome
{
    Applied,
    GroupMissing,
    ChownFailed,
}

/// <summary>The outcome of <see cref="SocketPermissions.Apply"/>; <c>Errno</c> is set when chown failed.</summary>
internal sealed record SocketGroupResult(SocketGroupOutcome Outcome, int? GroupId, int Errno);
