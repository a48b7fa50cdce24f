using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Server.Streaming;
using Wharf.Server.Tests.Fakes;
using Wharf.Testing;

namespace Wharf.Server.Tests.Streaming;

/// <summary>
/// The real server pipeline on a real Kestrel listening on a temp unix socket, for what TestServer cannot show:
/// the exact bytes of a hijack, half-close, connection close. <paramref name="extra"/> maps the probe endpoints.
/// </summary>
public sealed class KestrelSocketHost : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly TempDirectory _dir;

    KestrelSocketHost(WebApplication app, TempDirectory dir, string socketPath)
    {
        _app = app;
        _dir = dir;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public static async Task<KestrelSocketHost> StartAsync(Action<WebApplication> extra)
    {
        var dir = new TempDirectory();
        var socketPath = Path.Combine(dir.Path, "wharf.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); if (Environment.GetEnvironmentVariable("WHARF_TEST_LOG") == "1") { builder.Logging.AddConsole(); builder.Logging.SetMinimumLevel(LogLevel.Debug); }
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHalfCloseTolerance();
        }));
        builder.Services.AddSingleton<IImageService>(new FakeImageService());
        builder.Services.AddSingleton<IEventService>(new FakeEventService());
        builder.Services.AddSingleton<ISystemService>(new FakeSystemService());
        builder.Services.AddWharfServer();
        var app = builder.Build();
        app.UseWharfApi();
        extra(app);
        await app.StartAsync();
        return new KestrelSocketHost(app, dir, socketPath);
    }

    /// <summary>A connected client socket; the caller disposes it.</summary>
    public async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        return socket;
    }

    /// <summary>Reads until the server closes the connection (or <paramref name="timeout"/>, which fails the test).</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var all = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (n == 0) return all.ToArray();
            all.Write(buffer, 0, n);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
            if (n == 0) throw new EndOfStreamException($"connection closed after {read} of {count} bytes: {Encoding.ASCII.GetString(buffer, 0, read)}");
            read += n;
        }
        return buffer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }
}
