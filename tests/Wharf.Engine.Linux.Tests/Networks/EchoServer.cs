using System.Diagnostics;

namespace Wharf.Engine.Linux.Tests.Networks;

/// <summary>A python3 TCP server on port 80 inside a namespace that answers "echo:" and what it got, for a number of connections.</summary>
internal sealed class EchoServer : IDisposable
{
    const string Script = """
        import socket, sys
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 80)); s.listen(8)
        print("ready", flush=True)
        for _ in range(int(sys.argv[1])):
            c, _a = s.accept(); d = c.recv(100); c.sendall(b"echo:" + d); c.close()
        """;

    readonly Process process;

    EchoServer(Process process) => this.process = process;

    public static async Task<EchoServer> StartAsync(string namespacePath, int connections)
    {
        var start = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--net=" + namespacePath, "/usr/bin/python3", "-c", Script, connections.ToString(System.Globalization.CultureInfo.InvariantCulture)])
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
