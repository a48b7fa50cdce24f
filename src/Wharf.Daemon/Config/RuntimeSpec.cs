namespace Wharf.Daemon.Config;

/// <summary>An OCI runtime the daemon may run containers with (daemon.json <c>runtimes</c>).</summary>
internal sealed record RuntimeSpec(string Path, IReadOnlyList<string> Args);
