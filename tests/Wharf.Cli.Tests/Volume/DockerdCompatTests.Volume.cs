using Wharf.Cli.Tests.Volume;

namespace Wharf.Cli.Tests.Integration;

/// <summary>The volume commands against the real dockerd: the same output and exit codes as the docker CLI's.</summary>
public sealed partial class DockerdCompatTests
{
    [DockerdFact]
    public Task Volume_commands_match_the_docker_cli() => VolumeCliComparison.RunAsync(Dockerd.Instance.Value.SocketPath!, "clivold");
}
