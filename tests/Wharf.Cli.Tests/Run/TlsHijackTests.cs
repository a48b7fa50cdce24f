using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Wharf.Api;
using Wharf.Client;

namespace Wharf.Cli.Tests.Run;

/// <summary>
/// A hijack over TCP + TLS: stdin's end is a TLS close_notify (what Go's tls.Conn.CloseWrite sends, and what dockerd
/// takes as end of stdin), after which the daemon's output still arrives.
/// </summary>
public sealed class TlsHijackTests
{
    [Fact]
    public async Task Stdin_ends_with_close_notify_and_output_keeps_coming()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var issued = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(issued.Export(X509ContentType.Pkcs12), null);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            string? stdinSeen = null;
            var server = Task.Run(async () =>
            {
                using var tcp = await listener.AcceptTcpClientAsync();
                await using var tls = new SslStream(tcp.GetStream());
                await tls.AuthenticateAsServerAsync(certificate);
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await tls.ReadAsync(one) == 1) head.Append((char)one[0]);
                await tls.WriteAsync("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"u8.ToArray());
                await tls.FlushAsync();
                using var received = new MemoryStream();
                var buffer = new byte[1024];
                int n;
                while ((n = await tls.ReadAsync(buffer)) > 0) received.Write(buffer, 0, n); // 0 = the client's close_notify
                stdinSeen = Encoding.UTF8.GetString(received.ToArray());
                await tls.WriteAsync("output after stdin ended\r\n"u8.ToArray());
                await tls.FlushAsync();
                return head.ToString();
            });

            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = WharfClient.ForTcp("127.0.0.1", port, new ClientTls(null, null, null, Verify: false), ApiVersion.Current);
            using var stream = await client.Containers.AttachAsync("tty1", stdin: true, stdout: true, stderr: true);
            await stream.WriteAsync("keys"u8.ToArray());
            await stream.FlushAsync();
            await stream.CloseWriteAsync();
            var output = await new StreamReader(stream).ReadToEndAsync();
            var head = await server;

            Assert.Equal("keys", stdinSeen);
            Assert.Equal("output after stdin ended\r\n", output);
            Assert.Contains($"\r\nHost: 127.0.0.1:{port}\r\n", head, StringComparison.Ordinal);
            Assert.Contains("\r\nUpgrade: tcp\r\n", head, StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }
    }
}
