using Wharf.Client;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Remote;

/// <summary>
/// The ssh transport against a stand-in <c>ssh</c> (a shell script): it gets docker's argument list, HTTP flows over its
/// stdin and stdout, a failure carries its exit status and stderr, and no child outlives the client.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SshTransportUnitTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    string FakeSsh(string body)
    {
        var path = Path.Combine(_dir.Path, "ssh");
        File.WriteAllText(path, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > {_dir.Path}/argv\necho $$ >> {_dir.Path}/pids\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task Http_goes_over_the_child_s_stdio_and_the_child_is_gone_after_dispose()
    {
        // Answers one ping, then waits for its stdin to end, as dial-stdio does.
        var ssh = FakeSsh("printf 'HTTP/1.1 200 OK\\r\\nApi-Version: 1.41\\r\\nContent-Length: 2\\r\\n\\r\\nOK'\ncat > /dev/null");
        using (var client = WharfClient.ForSsh(SshDestination.Parse("ssh://me@box:2200/s.sock"), sshProgram: ssh))
            Assert.Equal("OK", await client.PingAsync());
        Assert.Equal("-o\nConnectTimeout=30\n-T\n-l\nme\n-p\n2200\n--\nbox\nwharf\n--host=unix:///s.sock\nsystem\ndial-stdio\n", File.ReadAllText(Path.Combine(_dir.Path, "argv")));
        foreach (var pid in File.ReadAllLines(Path.Combine(_dir.Path, "pids")))
            Assert.False(Directory.Exists($"/proc/{pid}"), $"ssh stand-in {pid} still runs");
    }

    [Fact]
    public async Task A_failing_ssh_gives_its_exit_status_and_stderr()
    {
        var ssh = FakeSsh("echo 'ssh: connect to host box port 22: Connection refused' >&2\nexit 255");
        using var client = WharfClient.ForSsh(SshDestination.Parse("ssh://box"), sshProgram: ssh);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => client.PingAsync());
        var command = Find<CommandConnectionException>(e);
        Assert.NotNull(command);
        Assert.Equal(255, command.ExitCode);
        Assert.Equal("ssh: connect to host box port 22: Connection refused", command.Stderr);
        Assert.Equal($"command [{ssh} -o ConnectTimeout=30 -T -- box wharf system dial-stdio] has exited with exit status 255: stderr=ssh: connect to host box port 22: Connection refused", command.Message);
    }

    [Fact]
    public async Task A_missing_ssh_is_named()
    {
        using var client = WharfClient.ForSsh(SshDestination.Parse("ssh://box"), sshProgram: Path.Combine(_dir.Path, "no-such-ssh"));
        var e = await Assert.ThrowsAnyAsync<Exception>(() => client.PingAsync());
        var command = Find<CommandConnectionException>(e);
        Assert.NotNull(command);
        Assert.Null(command.ExitCode);
    }

    [Fact]
    public async Task A_raw_dial_half_closes_by_ending_the_child_s_stdin()
    {
        // Echoes what it read once its stdin has ended: the reply proves the end of stdin reached it.
        var ssh = FakeSsh("data=$(cat); printf 'got:%s' \"$data\"");
        using var client = WharfClient.ForSsh(SshDestination.Parse("ssh://box"), sshProgram: ssh);
        await using var connection = await client.DialAsync();
        await connection.WriteAsync("hello"u8.ToArray());
        await connection.CloseWriteAsync();
        using var reader = new StreamReader(connection);
        Assert.Equal("got:hello", await reader.ReadToEndAsync());
    }

    static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T match) return match;
        return null;
    }
}
