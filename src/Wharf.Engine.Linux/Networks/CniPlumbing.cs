using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Networks;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// <see cref="INetworkPlumbing"/> over the CNI plugins (bridge, firewall, portmap, loopback) and iptables: namespaces
/// pinned under the exec root, one CNI chain per attachment cached for DEL, host ports held by bound sockets, and each
/// network's own iptables chains. Attach, detach and network removal are serialized (the plugins share iptables chains
/// and the bridge is made on first use).
/// </summary>
public sealed class CniPlumbing : INetworkPlumbing, IDisposable
{
    readonly IProcessRunner runner;
    readonly CniOptions options;
    readonly ILogger logger;
    readonly CniInvoker invoker;
    readonly NetworkNamespaces namespaces;
    readonly NetworkRules rules;
    readonly CniCache cache;
    readonly PortReservations reservations = new();
    readonly SemaphoreSlim gate = new(1, 1);

    public CniPlumbing(IProcessRunner runner, CniOptions options, ILogger<CniPlumbing>? logger = null)
    {
        this.runner = runner;
        this.options = options;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        invoker = new CniInvoker(runner, options);
        namespaces = new NetworkNamespaces(invoker, options);
        rules = new NetworkRules(runner, options);
        cache = new CniCache(options.CacheDirectory);
    }

    public Task<string> CreateNamespaceAsync(string containerId, CancellationToken ct) => namespaces.CreateAsync(containerId, ct);

    public string? FindNamespace(string containerId) => namespaces.Find(containerId);

    public Task RemoveNamespaceAsync(string containerId, CancellationToken ct)
    {
        namespaces.Remove(containerId);
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> Namespaces() => namespaces.List();

    public async Task<IReadOnlyList<PortBinding>> AttachAsync(NetworkAttachment attachment, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var network = attachment.Network;
        var owner = Owner(attachment);
        await gate.WaitAsync(ct);
        try
        {
            var previous = await cache.ReadAsync(attachment.ContainerId, network, ct);
            if (previous?.Result is not null && previous.Call.NetnsPath == attachment.NamespacePath && SameNamespace(previous.Call)
                && previous.Call.InterfaceName == attachment.InterfaceName)
            {
                // Already attached (a repeated call): the kernel side is there, only the reservations may be missing.
                return reservations.Reserve(owner, previous.Ports);
            }
            if (previous is not null) await DeleteStaleAsync(attachment, previous);

            // Host ports first: a taken port fails before anything is made.
            var ports = reservations.Reserve(owner, attachment.Ports);
            try
            {
                await rules.EnsureAsync(network, ct);
                var call = new CniCall(attachment.ContainerId, attachment.NamespacePath, attachment.InterfaceName,
                    NetworkNative.NamespaceInode(attachment.NamespacePath));
                var plugins = CniConfigs.Chain(attachment, ports);
                await cache.WriteAsync(attachment.ContainerId, network, new CniCacheEntry(call, plugins, null, ports), ct);
                JsonObject? result;
                try
                {
                    result = await invoker.AddAsync(plugins, call, ct);
                }
                catch
                {
                    cache.Delete(attachment.ContainerId, network);
                    throw;
                }
                await cache.WriteAsync(attachment.ContainerId, network, new CniCacheEntry(call, plugins, result, ports), CancellationToken.None);
                NetworkLog.Attached(logger, attachment.ContainerId, network.Name, attachment.Address, clock.ElapsedMilliseconds);
                return ports;
            }
            catch
            {
                reservations.Release(owner);
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task RestoreAsync(NetworkAttachment attachment, CancellationToken ct)
    {
        var entry = await cache.ReadAsync(attachment.ContainerId, attachment.Network, ct);
        // The cache has the host ports actually used (a requested port 0 got a real one).
        reservations.Reserve(Owner(attachment), entry?.Ports ?? attachment.Ports);
    }

    public async Task DetachAsync(NetworkAttachment attachment, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var network = attachment.Network;
        await gate.WaitAsync(ct);
        try
        {
            var entry = await cache.ReadAsync(attachment.ContainerId, network, ct) ?? FromAttachment(attachment);
            try
            {
                await DeleteAsync(entry, ct);
            }
            finally
            {
                // The container is going away whatever DEL says; a failed DEL keeps its cache so it can be repeated.
                reservations.Release(Owner(attachment));
            }
            cache.Delete(attachment.ContainerId, network);
            NetworkLog.Detached(logger, attachment.ContainerId, network.Name, clock.ElapsedMilliseconds);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task RemoveNetworkAsync(BridgeNetwork network, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (Directory.Exists(Path.Combine("/sys/class/net", network.Device)))
            {
                var result = await runner.RunAsync(new ProcessSpec(options.IpPath, ["link", "del", "dev", network.Device]) { Timeout = options.CommandTimeout }, ct);
                if (!result.Succeeded && Directory.Exists(Path.Combine("/sys/class/net", network.Device)))
                    throw new EngineException(ErrorKind.Internal, $"deleting bridge {network.Device} failed: {result.StandardError.Trim()}");
            }
            await rules.RemoveAsync(network, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        reservations.Dispose();
        gate.Dispose();
    }

    /// <summary>
    /// DEL of a cached chain. The namespace is passed only while it is the one attached: once gone (or replaced by a
    /// newer one on the same path, which must not lose its interface) the plugins skip what was inside it.
    /// </summary>
    Task DeleteAsync(CniCacheEntry entry, CancellationToken ct)
    {
        var call = SameNamespace(entry.Call) ? entry.Call : entry.Call with { NetnsPath = "" };
        return invoker.DeleteAsync(entry.Plugins, entry.Result, call, ct);
    }

    /// <summary>Whether the namespace the call was made in is still the one pinned on its path (an unknown inode trusts the path).</summary>
    static bool SameNamespace(CniCall call)
    {
        var inode = NetworkNative.NamespaceInode(call.NetnsPath);
        return inode != 0 && (call.NetnsInode == 0 || call.NetnsInode == inode);
    }

    /// <summary>A cache entry left by a crash or by an attach into a namespace since replaced: undone before attaching again.</summary>
    async Task DeleteStaleAsync(NetworkAttachment attachment, CniCacheEntry stale)
    {
        try
        {
            await DeleteAsync(stale, CancellationToken.None);
        }
        catch (EngineException e)
        {
            NetworkLog.StaleDeleteFailed(logger, attachment.ContainerId, attachment.Network.Name, e.Message);
        }
        cache.Delete(attachment.ContainerId, attachment.Network);
        reservations.Release(Owner(attachment));
    }

    /// <summary>
    /// Without a cache entry (the exec root was wiped) DEL still runs, from the attachment itself: every plugin's DEL
    /// tolerates what is already gone, and the result the firewall plugin needs is rebuilt from the address.
    /// </summary>
    static CniCacheEntry FromAttachment(NetworkAttachment attachment)
    {
        var network = attachment.Network;
        var prefix = Ipv4Subnet.TryParse(network.Subnet, out var subnet) ? subnet.PrefixLength : 32;
        var result = new JsonObject
        {
            ["cniVersion"] = CniInvoker.Version,
            ["interfaces"] = new JsonArray(new JsonObject { ["name"] = attachment.InterfaceName, ["sandbox"] = attachment.NamespacePath }),
            ["ips"] = new JsonArray(new JsonObject { ["interface"] = 0, ["address"] = $"{attachment.Address}/{prefix}", ["gateway"] = network.Gateway }),
        };
        var call = new CniCall(attachment.ContainerId, attachment.NamespacePath, attachment.InterfaceName);
        return new CniCacheEntry(call, CniConfigs.Chain(attachment, attachment.Ports), result, attachment.Ports);
    }

    static string Owner(NetworkAttachment attachment) => attachment.ContainerId + "/" + CniConfigs.NetworkName(attachment.Network);
}
