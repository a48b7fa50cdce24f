using System.Runtime.Versioning;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests.Remote;

/// <summary>
/// Roles end to end: the real docker CLI over mutual TLS with a viewer's, an operator's and an unknown client's
/// certificate against a wharfd whose daemon.json maps them; refusals are 403s that the CLI prints as they are, and
/// every one of them is in the audit log.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RolesOverTlsTests(RolesDaemonFixture fixture) : IClassFixture<RolesDaemonFixture>, IAsyncLifetime
{
    const string Image = TlsDaemonFixture.Image;
    readonly DockerCli _docker = new(fixture.Daemon.SocketPath);
    readonly List<string> _names = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in _names) await _docker.RunAsync("rm", "-f", name);
        _docker.Dispose();
    }

    Task<ProcessResult> As(string identity, params string[] args) => _docker.RunAsync(fixture.As(identity, args));

    string Name(string name)
    {
        _names.Add(name);
        return name;
    }

    static void Refused(ProcessResult result, string expected)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.True(result.Stderr.Contains("Error response from daemon: access denied: ", StringComparison.Ordinal)
                    && result.Stderr.Contains(expected, StringComparison.Ordinal), $"expected a refusal with '{expected}': {result}");
    }

    [CompatFact]
    public async Task A_viewer_reads_but_cannot_create_exec_or_delete()
    {
        var name = Name("roles-viewed");
        Cli.Succeeds(await _docker.RunAsync("run", "-d", "--network", "none", "--name", name, Image, "sh", "-c", "echo seen; sleep 300"));

        Assert.Contains(name, Cli.Ok(await As("alice", "ps", "--format", "{{.Names}}")), StringComparison.Ordinal);
        Assert.Equal("/" + name, Cli.Ok(await As("alice", "inspect", "-f", "{{.Name}}", name)).TrimEnd('\n'));
        Assert.Equal("seen\n", Cli.Ok(await As("alice", "logs", name)));

        Refused(await As("alice", "run", "--rm", Image, "true"),
            "CN=alice (role viewer) may not POST /containers/create: viewers have read-only access");
        Refused(await As("alice", "exec", name, "true"), "CN=alice (role viewer)");
        Refused(await As("alice", "rm", "-f", name), "CN=alice (role viewer)");
        Refused(await As("alice", "cp", $"{name}:/etc/passwd", "-"), "CN=alice (role viewer)");
        Assert.Equal("running", Cli.Ok(await _docker.RunAsync("inspect", "-f", "{{.State.Status}}", name)).TrimEnd('\n'));

        // The audit log is written in the background: the refusal's line comes soon after the answer.
        var refusal = "\"identity\":\"CN=alice, O=wharf\",\"role\":\"viewer\",\"method\":\"POST\"";
        await Poll.UntilAsync(async () => (await File.ReadAllTextAsync(fixture.AuditLog)).Contains(refusal, StringComparison.Ordinal),
            $"an audit line with {refusal} in:\n{string.Join('\n', File.ReadLines(fixture.AuditLog).TakeLast(8))}");
        var line = File.ReadAllLines(fixture.AuditLog).First(l => l.Contains(refusal, StringComparison.Ordinal));
        Assert.Contains("\"status\":403,\"outcome\":\"denied\"", line, StringComparison.Ordinal);
    }

    [CompatFact]
    public async Task An_operator_runs_plain_containers_but_not_privileged_ones_or_binds_outside_the_allowed_paths()
    {
        var run = await As("bob", "run", "--rm", "--network", "none", Image, "echo", "operated");
        Assert.True(run.ExitCode == 0 && run.Stdout == "operated\n", run.ToString());
        await File.WriteAllTextAsync(Path.Combine(fixture.BindableDir, "shared.txt"), "allowed\n");
        var bound = await As("bob", "run", "--rm", "--network", "none", "-v", $"{fixture.BindableDir}:/data:ro", Image, "cat", "/data/shared.txt");
        Assert.True(bound.ExitCode == 0 && bound.Stdout == "allowed\n", bound.ToString());

        Refused(await As("bob", "run", "--rm", "--privileged", Image, "true"), "may not create a privileged container");
        Refused(await As("bob", "run", "--rm", "-v", "/:/host", Image, "true"), "may not bind-mount /");
        Refused(await As("bob", "run", "--rm", "--network", "host", Image, "true"), "(role operator)");
        Refused(await As("bob", "run", "--rm", "-v", $"{fixture.BindableDir}/../..:/up", Image, "true"), "(role operator)");
    }

    [CompatFact]
    public async Task A_client_that_matches_no_identity_gets_nothing_and_a_unix_socket_client_everything()
    {
        Refused(await As("mallory", "ps"), "CN=mallory (role none)");
        var privileged = await _docker.RunAsync("run", "--rm", "--privileged", "--network", "none", Image, "echo", "root");
        Assert.True(privileged.ExitCode == 0 && privileged.Stdout == "root\n", privileged.ToString());
    }
}
