using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Wharf.Client;
using Wharf.Daemon.Tls;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Remote;

/// <summary>
/// wharfd on its unix socket and on tcp://127.0.0.1:PORT with mutual TLS: the wharf CLI gets in with the client bundle,
/// everyone else (no certificate, another CA, an expired certificate, plain HTTP) reaches nothing; plain TCP needs the
/// explicit opt-in; SIGHUP rotates the certificates while containers and open streams carry on.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MutualTlsTests
{
    [RootFact]
    public async Task The_wharf_cli_gets_in_with_the_client_bundle_and_strangers_reach_nothing()
    {
        await using var remote = RemoteDaemon.Create();
        await remote.Daemon.StartAsync();
        var tls = remote.Tls;

        using var cli = new WharfCliProcess();
        var ps = await cli.RunAsync("--tlsverify", "--tlscacert", tls.File(TlsDirectory.CaCert), "--tlscert", tls.File(TlsDirectory.ClientCert),
                                    "--tlskey", tls.File(TlsDirectory.ClientKey), "-H", remote.Host, "ps");
        Assert.True(ps.ExitCode == 0, $"{ps}\n{remote.Daemon.Output}");
        Assert.StartsWith("CONTAINER ID   IMAGE", ps.Stdout, StringComparison.Ordinal);

        var noCert = await cli.RunAsync("--tlsverify", "--tlscacert", tls.File(TlsDirectory.CaCert), "-H", remote.Host, "ps");
        Assert.NotEqual(0, noCert.ExitCode);

        using (var client = remote.TlsClient()) Assert.True(await RemoteDaemon.PingsAsync(client));
        using (var anonymous = remote.TlsClient(null, null)) Assert.False(await RemoteDaemon.PingsAsync(anonymous));

        var stranger = new TlsDirectory(Path.Combine(remote.Daemon.Root, "stranger"));
        stranger.Init(new TlsInitRequest(["127.0.0.1"], "mallory", null, 2, Force: false), DateTimeOffset.UtcNow);
        using (var other = remote.TlsClient(stranger.File(TlsDirectory.ClientCert), stranger.File(TlsDirectory.ClientKey)))
            Assert.False(await RemoteDaemon.PingsAsync(other));

        using (var ca = tls.LoadCa())
        using (var expired = CertificateFactory.CreateClient(ca, "late", null, DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddDays(-1)))
        {
            var certFile = Path.Combine(remote.Daemon.Root, "late-cert.pem");
            var keyFile = Path.Combine(remote.Daemon.Root, "late-key.pem");
            await File.WriteAllTextAsync(certFile, expired.ExportCertificatePem());
            await File.WriteAllTextAsync(keyFile, expired.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
            using var late = remote.TlsClient(certFile, keyFile);
            Assert.False(await RemoteDaemon.PingsAsync(late));
        }

        using (var plain = WharfClient.ForTcp("127.0.0.1", remote.Port, connectTimeout: TimeSpan.FromSeconds(10)))
            Assert.False(await RemoteDaemon.PingsAsync(plain));

        await Poll.UntilAsync(() => remote.Daemon.Output.Contains("Refused a TLS client from 127.0.0.1:", StringComparison.Ordinal), "the refusals in the log");
        Assert.Contains("no client certificate", remote.Daemon.Output, StringComparison.Ordinal);
        Assert.Contains("NotTimeValid", remote.Daemon.Output, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Plain_tcp_is_refused_at_start_without_the_opt_in_and_warned_about_with_it()
    {
        await using (var refused = RemoteDaemon.Create(_ => []))
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => refused.Daemon.StartAsync());
            Assert.Contains($"failed to start daemon: cannot listen on {refused.Host} without TLS: anyone who can reach it would be root on this host.", e.Message, StringComparison.Ordinal);
            Assert.Equal(1, refused.Daemon.LastExitCode);
        }

        await using var allowed = RemoteDaemon.Create(_ => ["--insecure-tcp"]);
        await allowed.Daemon.StartAsync();
        Assert.Contains($"API listen on {allowed.Host} WITHOUT TLS client verification (--insecure-tcp): anyone who can reach this address is root on this host",
                        allowed.Daemon.Output, StringComparison.Ordinal);
        using var plain = WharfClient.ForTcp("127.0.0.1", allowed.Port, connectTimeout: TimeSpan.FromSeconds(10));
        Assert.True(await RemoteDaemon.PingsAsync(plain));
    }

    [Daemon.DockerCliFact]
    public async Task Sighup_rotates_the_certificates_and_running_work_carries_on()
    {
        await using var remote = RemoteDaemon.Create();
        await remote.Daemon.StartAsync();
        using var docker = new DockerCli(remote.Daemon.SocketPath);
        var tls = remote.Tls;
        try
        {
            await Busybox.ImportAsync(remote.Daemon.Client, "rot", "1", "CMD [\"sh\"]");
            var id = Daemon.Cli.Ok(await docker.RunAsync("run", "-d", "--name", "rot-ticker", "rot:1", "sh", "-c", "i=0; while :; do i=$((i+1)); echo tick$i; sleep 0.2; done"));

            // Streams opened over TLS with the old certificates: a followed log and a hijacked attach.
            using var oldClient = remote.TlsClient();
            using var streams = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await using var logs = await oldClient.Containers.LogsAsync(id, follow: true, ct: streams.Token);
            await using var attach = await oldClient.Containers.AttachAsync(id, stdin: false, stdout: true, stderr: true, ct: streams.Token);
            var logText = new StringBuilder();
            var attachText = new StringBuilder();
            var logPump = PumpAsync(logs, logText, streams.Token);
            var attachPump = PumpAsync(attach, attachText, streams.Token);
            await Poll.UntilAsync(() => Has(logText, "tick") && Has(attachText, "tick"), "output on both streams");

            var oldCert = Path.Combine(remote.Daemon.Root, "old-cert.pem");
            var oldKey = Path.Combine(remote.Daemon.Root, "old-key.pem");
            File.Copy(tls.File(TlsDirectory.ClientCert), oldCert);
            File.Copy(tls.File(TlsDirectory.ClientKey), oldKey);
            tls.Init(new TlsInitRequest(["127.0.0.1"], "tester", null, 2, Force: true), DateTimeOffset.UtcNow);
            Daemon.Cli.Ok(await ProcessRunner.RunAsync("kill", ["-HUP", remote.Daemon.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            await Poll.UntilAsync(() => remote.Daemon.Output.Contains("Reloaded the TLS certificates after SIGHUP", StringComparison.Ordinal), "the reload in the log");

            // New connections: the old client certificate is refused (the client trusts the new CA, so it is the daemon that says no).
            using (var stale = remote.TlsClient(oldCert, oldKey)) Assert.False(await RemoteDaemon.PingsAsync(stale));
            using (var fresh = remote.TlsClient()) Assert.True(await RemoteDaemon.PingsAsync(fresh));

            // Running work: the container, and both streams opened before the reload, still flow.
            var logMark = logText.Length;
            var attachMark = attachText.Length;
            await Poll.UntilAsync(() => Length(logText) > logMark + 20 && Length(attachText) > attachMark + 20, "more output on both streams after the reload");
            Assert.Equal("true", Daemon.Cli.Ok(await docker.RunAsync("inspect", "-f", "{{.State.Running}}", "rot-ticker")));
            Assert.False(logPump.IsCompleted || attachPump.IsCompleted, "streams ended");
            Assert.DoesNotContain("Daemon shutdown", remote.Daemon.Output, StringComparison.Ordinal);
            await streams.CancelAsync();
        }
        finally
        {
            await docker.RunAsync("rm", "-f", "rot-ticker");
        }
    }

    static bool Has(StringBuilder text, string value)
    {
        lock (text) return text.ToString().Contains(value, StringComparison.Ordinal);
    }

    static int Length(StringBuilder text)
    {
        lock (text) return text.Length;
    }

    /// <summary>Reads a stream until it ends or is cancelled, keeping its bytes as text (frame headers included: only growth matters).</summary>
    static async Task PumpAsync(Stream stream, StringBuilder text, CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, ct)) > 0)
                lock (text) text.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }
}
