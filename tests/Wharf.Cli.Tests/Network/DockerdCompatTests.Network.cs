using Wharf.Cli.Tests.Network;

namespace Wharf.Cli.Tests.Integration;

/// <summary>The network commands against the real dockerd: the same output and exit codes as the docker CLI's.</summary>
public sealed partial class DockerdCompatTests
{
    [DockerdFact]
    public Task Network_commands_match_the_docker_cli() => NetworkCliComparison.RunAsync(Dockerd.Instance.Value.SocketPath!, "clinetd");
}
