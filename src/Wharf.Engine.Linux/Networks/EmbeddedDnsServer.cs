using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Networks.Dns;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// <see cref="IEmbeddedDns"/> at 127.0.0.11:53 inside each served container's network namespace, UDP and TCP,
/// answered by the <see cref="DnsResponder"/> from the daemon (whose upstream queries leave from the host's namespace).
/// </summary>
public sealed class EmbeddedDnsServer : IEmbeddedDns, IAsyncDisposable
{
    /// <summary>dockerd's resolver takes at most this many queries at once and drops the rest.</summary>
    public const int MaxConcurrentQueries = 1024;

    readonly DnsResponder responder;
    readonly IPEndPoint endpoint;
    readonly ILogger logger;
    readonly SemaphoreSlim gate = new(1, 1);
    readonly SemaphoreSlim inFlight = new(MaxConcurrentQueries, MaxConcurrentQueries);
    readonly Dictionary<string, DnsListener> served = new(StringComparer.Ordinal);

    public EmbeddedDnsServer(DnsResponder responder, ILogger<EmbeddedDnsServer> logger)
        : this(responder, new IPEndPoint(IPAddress.Parse("127.0.0.11"), 53), logger)
    {
    }

    /// <summary>Answers at <paramref name="endpoint"/> in each namespace instead of 127.0.0.11:53.</summary>
    public EmbeddedDnsServer(DnsResponder responder, IPEndPoint endpoint, ILogger<EmbeddedDnsServer> logger)
    {
        this.responder = responder;
        this.endpoint = endpoint;
        this.logger = logger;
    }

    public async Task StartAsync(string containerId, string namespacePath, IReadOnlyList<IPEndPoint> upstreams, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (served.ContainsKey(containerId)) return;
            Socket udp, tcp;
            try
            {
                (udp, tcp) = await NamespaceSockets.OpenAsync(namespacePath, endpoint);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // dockerd logs "Resolver Start failed" and runs the container without names; the engine decides.
                throw new EngineException(ErrorKind.Internal, $"embedded DNS for container {containerId} in {namespacePath}: {e.Message}", e);
            }
            served[containerId] = new DnsListener(containerId, upstreams, udp, tcp, responder, inFlight, MaxConcurrentQueries, logger);
            EmbeddedDnsLog.Serving(logger, containerId, namespacePath);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task StopAsync(string containerId)
    {
        // Under the gate: a Start right after this Stop finds the port free.
        await gate.WaitAsync();
        try
        {
            if (!served.Remove(containerId, out var listener)) return;
            await listener.DisposeAsync();
            EmbeddedDnsLog.Stopped(logger, containerId);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Closes every container's sockets when the daemon shuts down; running containers get them back on restore.</summary>
    public async ValueTask DisposeAsync()
    {
        DnsListener[] all;
        await gate.WaitAsync();
        try
        {
            all = [.. served.Values];
            served.Clear();
        }
        finally
        {
            gate.Release();
        }
        foreach (var listener in all) await listener.DisposeAsync();
    }
}
