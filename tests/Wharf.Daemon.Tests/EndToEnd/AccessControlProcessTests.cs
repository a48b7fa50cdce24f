using System.Net;
using System.Text.Json;

namespace Wharf.Daemon.Tests.EndToEnd;

/// <summary>The real wharfd: its audit log in the data root, complete after SIGTERM, and the start-up errors of a bad configuration.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AccessControlProcessTests
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Mutating_requests_on_the_socket_are_audited_as_admin_in_the_data_root()
    {
        using var dir = new TempDirectory();
        await using var daemon = DaemonProcess.Start(dir);
        await daemon.WaitReadyAsync(StartTimeout);
        using (var client = daemon.CreateClient())
        {
            using var info = await client.GetAsync(new Uri("/v1.41/info", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, info.StatusCode);
            using var stop = await client.PostAsync(new Uri("/v1.41/containers/nope/stop?t=1", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.NotFound, stop.StatusCode);
        }
        daemon.Signal(DaemonProcess.SigTerm);
        Assert.Equal(0, await daemon.WaitExitAsync(ExitTimeout));

        var path = dir.Combine("data", "audit.log");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var line = Assert.Single(await File.ReadAllLinesAsync(path));
        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal("unix-socket", entry.GetProperty("identity").GetString());
        Assert.Equal("admin", entry.GetProperty("role").GetString());
        Assert.Equal("POST", entry.GetProperty("method").GetString());
        Assert.Equal("/v1.41/containers/nope/stop?t=1", entry.GetProperty("path").GetString());
        Assert.Equal(404, entry.GetProperty("status").GetInt32());
        Assert.Equal("error", entry.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task An_unknown_role_refuses_the_start()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("daemon.json"), """{"authorization": {"identities": [{"cn": "alice", "role": "superuser"}]}}""");
        await using var daemon = DaemonProcess.Start(dir);
        Assert.Equal(1, await daemon.WaitExitAsync(StartTimeout));
        Assert.Equal("authorization.identities[0]: unknown role \"superuser\" (expected viewer, operator, admin or none)",
            daemon.Stderr.Trim());
        Assert.False(File.Exists(daemon.SocketPath));
    }

    [Fact]
    public async Task An_audit_log_that_cannot_be_opened_refuses_the_start()
    {
        using var dir = new TempDirectory();
        var blocker = dir.Combine("not-a-directory");
        await File.WriteAllTextAsync(blocker, "");
        await File.WriteAllTextAsync(dir.Combine("daemon.json"), $$"""{"audit-log": "{{blocker}}/audit.log"}""");
        await using var daemon = DaemonProcess.Start(dir);
        Assert.Equal(1, await daemon.WaitExitAsync(StartTimeout));
        Assert.Contains($"failed to start daemon: cannot open the audit log {blocker}/audit.log", daemon.Stderr, StringComparison.Ordinal);
    }
}
