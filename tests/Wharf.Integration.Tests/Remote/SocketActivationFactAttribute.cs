namespace Wharf.Integration.Tests.Remote;

/// <summary>A fact that runs wharfd under systemd-socket-activate: needs root and that tool; skipped with the reason otherwise.</summary>
public sealed class SocketActivationFactAttribute : FactAttribute
{
    public const string Activator = "/usr/bin/systemd-socket-activate";

    public SocketActivationFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
            Skip = "needs root: a real wharfd mounts, chowns and runs containers (run the tests as root, e.g. via .ci/run)";
        else if (!File.Exists(Activator))
            Skip = $"{Activator} is not installed (apt-get install systemd)";
    }
}
