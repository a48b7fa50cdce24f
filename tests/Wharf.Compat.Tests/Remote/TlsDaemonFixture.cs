using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Wharf.Daemon.Tls;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests.Remote;

/// <summary>
/// A wharfd on its unix socket and on tcp://127.0.0.1:PORT (a free port) with mutual TLS, its certificates made by
/// <c>wharfd tls init</c>'s code, and the busybox image imported. Without root nothing starts (the tests are skipped).
/// </summary>
[SupportedOSPlatform("linux")]
public class TlsDaemonFixture : IAsyncLifetime
{
    public const string Image = "tls-busybox:v1";

    public WharfdFixture Daemon { get; } = new();
    internal TlsDirectory Tls { get; private set; } = null!;
    public int Port { get; private set; }
    public string Host => $"tcp://127.0.0.1:{Port}";

    public string CaFile => Tls.File(TlsDirectory.CaCert);
    public string CertFile => Tls.File(TlsDirectory.ClientCert);
    public string KeyFile => Tls.File(TlsDirectory.ClientKey);

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess) return;
        Tls = new TlsDirectory(Path.Combine(Daemon.Root, "certs"));
        Tls.Init(new TlsInitRequest(["127.0.0.1", "localhost"], "compat", null, 2, Force: false), DateTimeOffset.UtcNow);
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        Daemon.ExtraArguments.AddRange(["-H", Host, "--tlsverify", "--tlscacert", CaFile,
                                        "--tlscert", Tls.File(TlsDirectory.ServerCert), "--tlskey", Tls.File(TlsDirectory.ServerKey)]);
        Configure();
        await Daemon.StartAsync();
        using var docker = new DockerCli(Daemon.SocketPath);
        var import = await docker.RunAsync("import", "-c", "CMD [\"sh\"]", await BusyboxRootfs.GetAsync(), Image);
        if (import.ExitCode != 0) throw new InvalidOperationException($"import failed: {import}");
    }

    /// <summary>Called with the certificates made, before wharfd starts: more flags or certificates for a derived fixture.</summary>
    protected virtual void Configure()
    {
    }

    /// <summary>The docker CLI's TLS flags for this daemon, then <paramref name="args"/>.</summary>
    public string[] Remote(params string[] args) =>
        ["--tlsverify", "--tlscacert", CaFile, "--tlscert", CertFile, "--tlskey", KeyFile, "-H", Host, .. args];

    public Task DisposeAsync() => Daemon.DisposeAsync();
}
