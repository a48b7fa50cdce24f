using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Wharf.Client;
using Wharf.Daemon.Tls;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Remote;

/// <summary>
/// <c>-H fd://</c> under systemd's own socket activation tool: a unix socket and a TCP socket bound by
/// systemd-socket-activate, the unix one served as is, the TCP one only with mutual TLS.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SocketActivationTests
{
    const string Activator = SocketActivationFactAttribute.Activator;

    [SocketActivationFact]
    public async Task Sockets_passed_by_systemd_are_served_tcp_ones_with_tls()
    {
        var root = Directory.CreateTempSubdirectory("wharf-sa-").FullName;
        var bridge = "ws" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        var output = new StringBuilder();
        Process? process = null;
        try
        {
            var tls = new TlsDirectory(Path.Combine(root, "certs"));
            tls.Init(new TlsInitRequest(["127.0.0.1"], "tester", null, 2, Force: false), DateTimeOffset.UtcNow);
            var port = RemoteDaemon.FreePort();
            var socket = Path.Combine(root, "act.sock");
            var start = new ProcessStartInfo(Activator) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            var native = Environment.GetEnvironmentVariable("WHARF_TEST_WHARFD");
            string[] command = string.IsNullOrEmpty(native)
                ? [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet", Path.Combine(AppContext.BaseDirectory, "wharfd.dll")]
                : [native];
            foreach (var arg in (string[])["-l", $"127.0.0.1:{port}", "-l", socket, .. command, "-H", "fd://",
                                           "--data-root", Path.Combine(root, "data"), "--exec-root", Path.Combine(root, "exec"),
                                           "--pidfile", Path.Combine(root, "wharfd.pid"), "--bridge", bridge, "--bip", $"10.{200 + Random.Shared.Next(50)}.{Random.Shared.Next(256)}.1/24",
                                           "--tlsverify", "--tlscacert", tls.File(TlsDirectory.CaCert),
                                           "--tlscert", tls.File(TlsDirectory.ServerCert), "--tlskey", tls.File(TlsDirectory.ServerKey)])
                start.ArgumentList.Add(arg);
            process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            string Log() { lock (output) return output.ToString(); }

            // The first connection makes the activator exec wharfd, which then answers it.
            await Poll.UntilAsync(() => File.Exists(socket), "the activator's socket");
            using (var unix = WharfClient.ForUnixSocket(socket))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                Assert.Equal("OK", await unix.PingAsync(timeout.Token));
            }
            Assert.Contains("API listen on fd://3 (tcp)", Log(), StringComparison.Ordinal);
            Assert.Contains("API listen on fd://4 (unix)", Log(), StringComparison.Ordinal);

            using (var client = WharfClient.ForTcp("127.0.0.1", port, new ClientTls(tls.File(TlsDirectory.CaCert), tls.File(TlsDirectory.ClientCert), tls.File(TlsDirectory.ClientKey), true)))
                Assert.True(await RemoteDaemon.PingsAsync(client), Log());
            using (var anonymous = WharfClient.ForTcp("127.0.0.1", port, new ClientTls(tls.File(TlsDirectory.CaCert), null, null, true)))
                Assert.False(await RemoteDaemon.PingsAsync(anonymous));

            Daemon.Cli.Ok(await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]));
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            Assert.True(process.ExitCode == 0, Log());
        }
        finally
        {
            if (process is { HasExited: false })
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process?.Dispose();
            await ProcessRunner.RunAsync("ip", ["link", "delete", bridge]);
            Directory.Delete(root, recursive: true);
        }
    }
}
