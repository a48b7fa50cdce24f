using System.Runtime.Versioning;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests.Remote;

/// <summary>
/// The real docker CLI and docker-py against wharfd over tcp + mutual TLS: list, run with the output coming back
/// (attach hijacked inside TLS), exec with stdin that the CLI half-closes, and refusal without a client certificate.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DockerOverTlsTests(TlsDaemonFixture fixture) : IClassFixture<TlsDaemonFixture>, IAsyncLifetime
{
    readonly DockerCli _docker = new(fixture.Daemon.SocketPath);
    readonly List<string> _names = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in _names) await _docker.RunAsync("rm", "-f", name);
        _docker.Dispose();
    }

    Task<ProcessResult> Remote(params string[] args) => _docker.RunAsync(fixture.Remote(args));

    [CompatFact]
    public async Task Ps_and_version_work_over_mutual_tls()
    {
        var ps = Cli.Ok(await Remote("ps", "-a", "--format", "{{.Names}}"));
        Assert.DoesNotContain("error", ps, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1.41", Cli.Ok(await Remote("version", "--format", "{{.Server.APIVersion}}")).TrimEnd('\n'));
    }

    [CompatFact]
    public async Task Run_rm_brings_the_output_back_over_tls()
    {
        var run = await Remote("run", "--rm", TlsDaemonFixture.Image, "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("out\n", run.Stdout);
        Assert.Equal("err\n", run.Stderr);
        // With stdin: the CLI half-closes the TCP connection under TLS when its input ends and keeps reading.
        var input = Path.Combine(fixture.Daemon.Root, "input.txt");
        await File.WriteAllTextAsync(input, "through tls\n");
        var cat = await _docker.RunWithStdinAsync(input, fixture.Remote("run", "--rm", "-i", TlsDaemonFixture.Image, "sh", "-c", "cat; echo done"));
        Assert.True(cat.ExitCode == 0, cat.ToString());
        Assert.Equal("through tls\ndone\n", cat.Stdout);
    }

    [CompatFact]
    public async Task Exec_works_over_tls()
    {
        _names.Add("tls-exec");
        Cli.Succeeds(await Remote("run", "-d", "--name", "tls-exec", TlsDaemonFixture.Image, "sleep", "300"));
        var exec = await Remote("exec", "tls-exec", "sh", "-c", "echo hello from $(hostname); exit 5");
        Assert.True(exec.ExitCode == 5, exec.ToString());
        Assert.StartsWith("hello from ", exec.Stdout, StringComparison.Ordinal);
        var input = Path.Combine(fixture.Daemon.Root, "exec-input.txt");
        await File.WriteAllTextAsync(input, "a\nb\n");
        var wc = await _docker.RunWithStdinAsync(input, fixture.Remote("exec", "-i", "tls-exec", "wc", "-l"));
        Assert.True(wc.ExitCode == 0, wc.ToString());
        Assert.Equal("2", wc.Stdout.Trim());
    }

    [CompatFact]
    public async Task Without_a_client_certificate_the_cli_reaches_nothing()
    {
        var refused = await _docker.RunAsync("--tlsverify", "--tlscacert", fixture.CaFile, "-H", fixture.Host, "ps");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Empty(refused.Stdout);
    }

    [CompatFact(ThirdPartyClient.DockerPy)]
    public async Task Docker_py_with_tls_config()
    {
        const string script = """
            import sys, docker
            from docker.tls import TLSConfig
            host, ca, cert, key, image = sys.argv[1:6]
            tls = TLSConfig(client_cert=(cert, key), ca_cert=ca, verify=True)
            client = docker.DockerClient(base_url=host.replace("tcp://", "https://"), tls=tls, version="1.41")
            assert client.ping()
            print(client.containers.run(image, ["echo", "py over tls"], remove=True).decode().strip())
            try:
                docker.DockerClient(base_url=host.replace("tcp://", "https://"), tls=TLSConfig(ca_cert=ca, verify=True), version="1.41").ping()
                print("anonymous got in")
            except Exception as e:
                print("anonymous refused")
            """;
        // requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a session's CA file (psf/requests#3829), which
        // would make docker-py check wharfd's certificate against the system roots: the test runs without them.
        var result = await ProcessRunner.RunAsync(DockerPy.Python, ["-c", script, fixture.Host, fixture.CaFile, fixture.CertFile, fixture.KeyFile, TlsDaemonFixture.Image],
            new Dictionary<string, string?>
            {
                ["DOCKER_HOST"] = null, ["DOCKER_CONFIG"] = null, ["PYTHONPATH"] = null, ["PYTHONDONTWRITEBYTECODE"] = "1",
                ["REQUESTS_CA_BUNDLE"] = null, ["CURL_CA_BUNDLE"] = null,
            });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("py over tls\nanonymous refused\n", result.Stdout);
    }
}
