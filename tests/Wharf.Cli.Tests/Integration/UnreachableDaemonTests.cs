using System.Net.Sockets;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Integration;

/// <summary>The unreachable-daemon messages from the real binary, including permission denied as an unprivileged user.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnreachableDaemonTests
{
    static string WharfDll => Path.Combine(AppContext.BaseDirectory, "wharf.dll");

    [Fact]
    public async Task A_missing_socket_names_the_socket_and_asks_whether_the_daemon_runs()
    {
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "wharf.sock");
        var result = await ProcessRunner.RunAsync("dotnet", [WharfDll, "images"], new Dictionary<string, string?> { ["WHARF_HOST"] = $"unix://{socket}", ["DOCKER_HOST"] = null });
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Cannot connect to the Wharf daemon at unix://{socket}. Is the daemon running?\n", result.Stderr);
    }

    [RootFact]
    public async Task Permission_denied_names_the_socket_its_owner_and_group_and_the_way_in()
    {
        using var dir = new TempDirectory();
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var socketPath = Path.Combine(dir.Path, "wharf.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);

        var result = await ProcessRunner.RunAsync("runuser", ["-u", "nobody", "--", "dotnet", WharfDll, "-H", $"unix://{socketPath}", "images"],
            new Dictionary<string, string?> { ["DOTNET_CLI_HOME"] = "/tmp", ["HOME"] = "/tmp", ["DOTNET_NOLOGO"] = "1" });
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"permission denied while trying to connect to the Wharf daemon socket at unix://{socketPath} (owned by root:root, mode 0660). "
            + "Add your user to the 'root' group (sudo usermod -aG root $USER, then log in again) or run the command with sudo.\n", result.Stderr);
    }
}
