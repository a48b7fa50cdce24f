using Wharf.Testing.Daemon;
using static Wharf.Integration.Tests.Daemon.Cli;

namespace Wharf.Integration.Tests.Remote;

/// <summary>
/// <c>wharf -H ssh://</c> and <c>docker -H ssh://</c> against a real wharfd through a private sshd on 127.0.0.1: each
/// connection is an ssh running <c>wharf system dial-stdio</c> (or <c>docker system dial-stdio</c>, which the <c>docker</c>
/// link to wharf answers) on the "remote" side. Requests, hijacked run/exec with stdin, exit codes, ssh's own errors, and
/// no ssh process left once a command has ended.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SshTransportTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "busybox:latest";
    static string WharfDll => Path.Combine(AppContext.BaseDirectory, "wharf.dll");

    SshTestServer? _ssh;

    SshTestServer Ssh => _ssh ?? throw new InvalidOperationException("sshd did not start");

    string Url => $"ssh://root@{Ssh.Alias}{daemon.SocketPath}";

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists(SshTestServer.SshdPath)) return;
        _ssh = await SshTestServer.StartAsync(WharfDll);
        if ((await daemon.Client.Images.ListAsync()).All(i => i.RepoTags?.Contains(Image) != true))
            await Busybox.ImportAsync(daemon.Client, "busybox", "latest", "CMD [\"sh\"]");
    }

    public async Task DisposeAsync()
    {
        if (_ssh is not null) await _ssh.DisposeAsync();
    }

    Task<ProcessResult> WharfAsync(string? stdinFile, params string[] args)
        => ProcessRunner.RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [WharfDll, "-H", Url, .. args],
                                  Ssh.ClientEnvironment(), stdinFile);

    /// <summary>The command has exited; its ssh children end with it (a killed one may take a moment to be gone).</summary>
    async Task NoSessionLeft(string after)
    {
        try { await Wharf.Testing.Poll.UntilAsync(() => Ssh.LiveSshClients().Count == 0, "the ssh clients to end", seconds: 10); }
        catch (TimeoutException) { Assert.Fail($"ssh clients still running after {after}: {string.Join(' ', Ssh.LiveSshClients())}\n{Ssh.Log}"); }
    }

    [SshFact]
    public async Task Wharf_over_ssh_lists_runs_and_execs_and_leaves_no_ssh_behind()
    {
        const string name = "ssh-exec-target";
        try
        {
            Assert.Equal("1.41", Ok(await WharfAsync(null, "version", "--format", "{{.Server.APIVersion}}")));
            await NoSessionLeft("version");
            Assert.StartsWith("CONTAINER ID", Ok(await WharfAsync(null, "ps")), StringComparison.Ordinal);
            Assert.Equal("hi", Ok(await WharfAsync(null, "run", "--rm", Image, "echo", "hi")));
            await NoSessionLeft("run --rm");

            // stdin through the hijacked connection, ended by closing ssh's stdin: cat sees EOF and the run ends.
            using var input = new TempDir();
            var stdin = Path.Combine(input.Path, "stdin");
            await File.WriteAllTextAsync(stdin, "through ssh\n");
            Assert.Equal("through ssh", Ok(await WharfAsync(stdin, "run", "--rm", "-i", Image, "cat")));
            await NoSessionLeft("run -i");

            Ok(await WharfAsync(null, "run", "-d", "--name", name, Image, "sleep", "300"));
            Assert.Equal("from exec", Ok(await WharfAsync(null, "exec", name, "echo", "from exec")));
            var failed = await WharfAsync(null, "exec", name, "sh", "-c", "exit 3");
            Assert.True(failed.ExitCode == 3, failed.ToString());
            Assert.Equal("piped", Ok(await WharfAsync(stdin, "exec", "-i", name, "sh", "-c", "read line; echo piped")));
            Assert.Contains(name, Ok(await WharfAsync(null, "ps", "--format", "{{.Names}}")), StringComparison.Ordinal);
            await NoSessionLeft("exec");

            // Streams: logs -f until the container ends, events over a window that has passed.
            var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var id = Ok(await WharfAsync(null, "run", "-d", Image, "sh", "-c", "echo one; sleep 1; echo two"));
            Assert.Equal("one\ntwo", Ok(await WharfAsync(null, "logs", "-f", id)));
            Ok(await WharfAsync(null, "rm", id));
            var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var events = Ok(await WharfAsync(null, "events", "--since", since, "--until", until, "--filter", $"container={id}", "--format", "{{.Action}}"));
            Assert.Equal(["create", "start", "die", "destroy"], Lines(events).Where(a => a is "create" or "start" or "die" or "destroy"));
            await NoSessionLeft("logs -f and events");
        }
        finally
        {
            try { await daemon.Client.Containers.RemoveAsync(name, force: true); }
            catch (Wharf.Client.WharfApiException) { }
        }
    }

    [SshFact]
    public async Task Ssh_failures_are_reported_with_ssh_s_own_stderr()
    {
        // A user without a key on the server: ssh's "Permission denied (publickey)", with the command it ran.
        var denied = await ProcessRunner.RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [WharfDll, "-H", $"ssh://nobody@{Ssh.Alias}", "ps"], Ssh.ClientEnvironment());
        Assert.Equal(1, denied.ExitCode);
        Assert.StartsWith($"Cannot connect to the Wharf daemon at ssh://nobody@{Ssh.Alias}: command [ssh -o ConnectTimeout=30 -T -l nobody -- {Ssh.Alias} wharf system dial-stdio] has exited with exit status 255: stderr=",
            denied.Stderr, StringComparison.Ordinal);
        Assert.Contains("Permission denied (publickey)", denied.Stderr, StringComparison.Ordinal);

        // Nothing listens on the port: ssh's own "Connection refused".
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var closed = ((System.Net.IPEndPoint)probe.LocalEndPoint!).Port;
        var refused = await ProcessRunner.RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [WharfDll, "-H", $"ssh://root@127.0.0.1:{closed}", "ps"], Ssh.ClientEnvironment());
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"Cannot connect to the Wharf daemon at ssh://root@127.0.0.1:{closed}: command [ssh -o ConnectTimeout=30 -T -l root -p {closed} -- 127.0.0.1 wharf system dial-stdio] "
            + $"has exited with exit status 255: stderr=ssh: connect to host 127.0.0.1 port {closed}: Connection refused\n", refused.Stderr);

        // The remote wharf cannot reach its daemon: its own message comes back through ssh.
        var missing = Path.Combine(daemon.Root, "missing.sock");
        var down = await ProcessRunner.RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [WharfDll, "-H", $"ssh://root@{Ssh.Alias}{missing}", "ps"], Ssh.ClientEnvironment());
        Assert.Equal(1, down.ExitCode);
        Assert.Contains($"has exited with exit status 1: stderr=Cannot connect to the Wharf daemon at unix://{missing}. Is the daemon running?", down.Stderr, StringComparison.Ordinal);
        await NoSessionLeft("the failures");
    }

    [SshFact(dockerCli: true)]
    public async Task The_docker_cli_reaches_wharfd_over_ssh_through_a_docker_link_to_wharf()
    {
        using var config = new TempDir();
        var env = Ssh.ClientEnvironment();
        env["DOCKER_CONFIG"] = config.Path;
        env["DOCKER_CLI_HINTS"] = "false";
        Task<ProcessResult> Docker(params string[] args) => ProcessRunner.RunAsync(DockerCli.Path, ["-H", Url, .. args], env);

        Assert.StartsWith("CONTAINER ID", Ok(await Docker("ps")), StringComparison.Ordinal);
        Assert.Equal("hi", Ok(await Docker("run", "--rm", Image, "echo", "hi")));
        Assert.Equal("1.41", Ok(await Docker("version", "--format", "{{.Server.APIVersion}}")));
        await NoSessionLeft("docker");
    }
}
