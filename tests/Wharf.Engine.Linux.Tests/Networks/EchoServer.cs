using System.Diagnostics;

namespace Wharf.Engine.Linux.Tests.Networks;

/// <summary>A python3 server (TCP or UDP, port 80 unless told) inside a namespace that answers "echo:" and what it got, a number of times.</summary>
internal sealed class EchoServer : IDisposable
{
    const string Script = """
        import socket, sys
        udp = sys.argv[2] == "udp"
        s = socket.socket(type=socket.SOCK_DGRAM if udp else socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", int(sys.argv[3])))
        if not udp: s.listen(8)
        print("ready", flush=True)
        for _ in range(int(sys.argv[1])):
            if udp:
                d, peer = s.recvfrom(100); s.sendto(b"echo:" + d, peer)
            else:
                c, _a = s.accept(); d = c.recv(100); c.sendall(b"echo:" + d); c.close()
        """;

    readonly Process process;

    EchoServer(Process process) => this.process = process;

    public static async Task<EchoServer> StartAsync(string namespacePath, int connections, string protocol = "tcp", int port = 80)
    {
        var start = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--net=" + namespacePath, "/usr/bin/python3", "-c", Script, connections.ToString(System.Globalization.CultureInfo.InvariantCulture), protocol,
                                         port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var server = new EchoServer(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "ready")
        {
            server.Dispose();
            throw new InvalidOperationException("echo server did not start: " + await process.StandardError.ReadToEndAsync(CancellationToken.None));
        }
        return server;
    }

    public void Dispose()
    {
        try { if (!process.HasExited) process.Kill(); } catch (InvalidOperationException) { }
        process.WaitForExit(5000);
        process.Dispose();
    }
}
