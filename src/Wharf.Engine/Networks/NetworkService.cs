using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Wharf.Engine.Events;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;

namespace Wharf.Engine.Networks;

/// <summary>
/// Network objects kept in <see cref="NetworkStore"/>: the built-in <c>bridge</c>, <c>host</c> and <c>none</c> and the user's
/// bridge networks. One gate serialises changes, so a subnet chosen for one create is seen by the next.
/// Call <see cref="InitializeAsync"/> once before use.
/// </summary>
public sealed class NetworkService(NetworkStore store, NetworkOptions options, IHostRoutes routes, IEventService events, TimeProvider time,
                                   INetworkPlumbing plumbing) : INetworkService
{
    public const string BridgeName = "bridge";
    public const string HostName = "host";
    public const string NoneName = "none";
    public const string BridgeDriver = "bridge";
    public const string HostDriver = "host";
    public const string NullDriver = "null";
    public const string BridgeNameOption = "com.docker.network.bridge.name";
    public const string MtuOption = "com.docker.network.driver.mtu";

    readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Migrates the store and makes the built-ins; the default bridge follows the configured device and address.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await store.InitializeAsync(ct);
        var all = await store.AllAsync(ct);
        var now = time.GetUtcNow();
        if (!all.Any(n => n.Name == HostName))
            await store.TryInsertAsync(new NetworkRecord { Id = NewId(), Name = HostName, Driver = HostDriver, Created = now }, ct);
        if (!all.Any(n => n.Name == NoneName))
            await store.TryInsertAsync(new NetworkRecord { Id = NewId(), Name = NoneName, Driver = NullDriver, Created = now }, ct);
        var bridge = all.FirstOrDefault(n => n.Name == BridgeName);
        var wanted = DefaultBridge(bridge, all, now);
        if (bridge is not null && SameBridge(bridge, wanted)) return;
        if (bridge is not null) await store.DeleteIfUnusedAsync(bridge.Id, ct);
        await store.TryInsertAsync(wanted, ct);
    }

    public async Task<(NetworkView Network, string Warning)> CreateAsync(NetworkCreateRequest request, CancellationToken ct)
    {
        var driver = request.Driver.Length == 0 ? BridgeDriver : request.Driver;
        if (request.Name is BridgeName or HostName or NoneName) throw new EngineException(ErrorKind.Forbidden, $"operation is not permitted on predefined {request.Name} network ");
        if (request.Name.Length == 0) throw NetworkErrors.Invalid("network name must not be empty");
        switch (driver)
        {
            case HostDriver or NullDriver: throw NetworkErrors.OnlyOneInstance(driver);
            case BridgeDriver: break;
            default: throw NetworkErrors.UnknownDriver(driver);
        }
        if (request.IpamDriver is not ("" or "default")) throw NetworkErrors.UnknownDriver(request.IpamDriver);
        if (request.Ingress) throw new EngineException(ErrorKind.Forbidden, "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.");
        if (request.ConfigOnly || request.ConfigFrom.Length > 0) throw EngineException.NotImplemented("config-only networks are not implemented in Wharf yet");
        if (request.EnableIPv6) throw EngineException.NotImplemented("IPv6 networks are not implemented in Wharf yet");
        var opts = request.Options ?? new Dictionary<string, string>();
        CheckOptions(opts);

        await _gate.WaitAsync(ct);
        try
        {
            var all = await store.AllAsync(ct);
            if (all.Any(n => n.Name == request.Name)) throw NetworkErrors.NameExists(request.Name);
            if (opts.TryGetValue(BridgeNameOption, out var device) && all.Any(n => n.Driver == BridgeDriver && n.BridgeDevice == device))
                throw NetworkErrors.Invalid($"bridge name {device} is already in use");
            var taken = TakenSubnets(all);
            var pools = new List<IpamPool>();
            foreach (var pool in request.Pools)
            {
                var checkedPool = IpamValidation.Check(pool);
                var subnet = IpamValidation.Subnet(checkedPool);
                if (taken.Any(t => t.Overlaps(subnet))) throw NetworkErrors.PoolOverlaps();
                taken.Add(subnet);
                pools.Add(checkedPool);
            }
            if (pools.Count == 0) pools.Add(ChoosePool(taken));
            var network = new NetworkRecord
            {
                Id = NewId(),
                Name = request.Name,
                Driver = driver,
                Created = time.GetUtcNow(),
                Internal = request.Internal,
                Attachable = request.Attachable,
                IpamOptions = request.IpamOptions ?? new Dictionary<string, string>(),
                Pools = pools,
                Options = opts,
                Labels = request.Labels ?? new Dictionary<string, string>(),
            };
            if (!await store.TryInsertAsync(network, ct)) throw NetworkErrors.NameExists(request.Name);
            events.Publish(EventType.Network, "create", network.Id, new Dictionary<string, string> { ["name"] = network.Name, ["type"] = driver });
            return (new NetworkView(network, []), "");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<NetworkView>> ListAsync(FilterSet filters, CancellationToken ct)
    {
        filters.Validate("name", "id", "label", "driver", "type", "scope", "dangling");
        foreach (var t in filters.Get("type"))
            if (t is not ("custom" or "builtin")) throw EngineException.Invalid($"invalid filter: 'type'='{t}'");
        var dangling = filters.GetBool("dangling");
        var endpoints = await store.EndpointsAsync(ct);
        var result = new List<NetworkView>();
        foreach (var n in await store.AllAsync(ct))
        {
            var eps = endpoints.GetValueOrDefault(n.Id) ?? [];
            if (filters.Contains("name") && !filters.Get("name").Any(p => Matches(p, n.Name))) continue;
            if (filters.Contains("id") && !filters.Get("id").Any(p => Matches(p, n.Id))) continue;
            if (filters.Contains("driver") && !filters.Get("driver").Contains(n.Driver)) continue;
            if (filters.Contains("scope") && !filters.Get("scope").Contains("local")) continue;
            if (filters.Contains("type") && !filters.Get("type").Contains(n.Predefined ? "builtin" : "custom")) continue;
            // dockerd's dangling=true lists unused user networks only; the built-ins never dangle.
            if (dangling is { } d && d != (!n.Predefined && eps.Count == 0)) continue;
            if (!filters.MatchesLabels("label", n.Labels)) continue;
            result.Add(new NetworkView(n, eps));
        }
        return result;
    }

    public async Task<NetworkView> InspectAsync(string idOrName, CancellationToken ct)
    {
        var n = await FindAsync(idOrName, ct);
        return new NetworkView(n, (await store.EndpointsAsync(ct)).GetValueOrDefault(n.Id) ?? []);
    }

    public async Task RemoveAsync(string idOrName, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var n = await FindAsync(idOrName, ct);
            if (n.Predefined) throw NetworkErrors.Predefined(n.Name);
            await DestroyAsync(n, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<NetworkPruneResult> PruneAsync(FilterSet filters, CancellationToken ct)
    {
        filters.Validate("until", "label", "label!");
        var now = time.GetUtcNow();
        DateTimeOffset? until = filters.Get("until") is { Count: > 0 } u ? u.Select(v => FilterTime.Parse(v, now)).Min() : null;
        var deleted = new List<string>();
        await _gate.WaitAsync(ct);
        try
        {
            var endpoints = await store.EndpointsAsync(ct);
            foreach (var n in await store.AllAsync(ct))
            {
                if (n.Predefined || endpoints.ContainsKey(n.Id)) continue;
                if (until is { } limit && n.Created >= limit) continue;
                if (!filters.MatchesLabels("label", n.Labels)) continue;
                if (filters.Get("label!").Any(l => HasLabel(l, n.Labels))) continue;
                await DestroyAsync(n, ct);
                deleted.Add(n.Name);
            }
        }
        finally
        {
            _gate.Release();
        }
        events.Publish(EventType.Network, "prune", "", new Dictionary<string, string> { ["reclaimed"] = "0" });
        return new NetworkPruneResult(deleted);
    }

    /// <summary>Gate held.</summary>
    async Task DestroyAsync(NetworkRecord n, CancellationToken ct)
    {
        if (!await store.DeleteIfUnusedAsync(n.Id, ct)) throw NetworkErrors.ActiveEndpoints(n);
        if (n.Driver == BridgeDriver && n.Pools.Count > 0) await plumbing.RemoveNetworkAsync(n.ToBridge(options.Mtu), ct);
        events.Publish(EventType.Network, "destroy", n.Id, new Dictionary<string, string> { ["name"] = n.Name, ["type"] = n.Driver });
    }

    /// <summary>By full id, then exact name, then unique id prefix.</summary>
    public async Task<NetworkRecord> FindAsync(string idOrName, CancellationToken ct)
    {
        var all = await store.AllAsync(ct);
        if (all.FirstOrDefault(n => n.Id == idOrName) is { } byId) return byId;
        if (all.FirstOrDefault(n => n.Name == idOrName) is { } byName) return byName;
        if (idOrName.Length > 0)
        {
            var prefixed = all.Where(n => n.Id.StartsWith(idOrName, StringComparison.Ordinal)).ToList();
            if (prefixed.Count == 1) return prefixed[0];
            if (prefixed.Count > 1) throw NetworkErrors.Invalid($"network {idOrName} is ambiguous ({prefixed.Count} matches found based on ID prefix)");
        }
        throw NetworkErrors.NotFound(idOrName);
    }

    NetworkRecord DefaultBridge(NetworkRecord? existing, IReadOnlyList<NetworkRecord> all, DateTimeOffset now)
    {
        IpamPool pool;
        if (options.BridgeIp is { } bip)
        {
            pool = new IpamPool(bip.Canonical.ToString(), Ipv4Subnet.FormatAddress(bip.Address));
        }
        else if (existing is { Pools: [var kept] } && !routes.Destinations().Any(r => r.Overlaps(IpamValidation.Subnet(kept)) && !OwnRoute(r, kept)))
        {
            // Keep the subnet chosen at an earlier start, unless the host has since routed it elsewhere.
            pool = kept;
        }
        else
        {
            pool = ChoosePool(TakenSubnets(all.Where(n => n.Name != BridgeName)));
        }
        return new NetworkRecord
        {
            Id = existing?.Id ?? NewId(),
            Name = BridgeName,
            Driver = BridgeDriver,
            Created = existing?.Created ?? now,
            Pools = [pool],
            Options = new Dictionary<string, string>
            {
                ["com.docker.network.bridge.default_bridge"] = "true",
                ["com.docker.network.bridge.enable_icc"] = "true",
                ["com.docker.network.bridge.enable_ip_masquerade"] = "true",
                ["com.docker.network.bridge.host_binding_ipv4"] = "0.0.0.0",
                [BridgeNameOption] = options.BridgeDevice,
                [MtuOption] = options.Mtu.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    /// <summary>The route our own bridge device puts on the host for its subnet does not count against it.</summary>
    static bool OwnRoute(Ipv4Subnet route, IpamPool pool) => route.Canonical == IpamValidation.Subnet(pool).Canonical;

    static bool SameBridge(NetworkRecord a, NetworkRecord b) =>
        a.Pools.SequenceEqual(b.Pools) && a.BridgeDevice == b.BridgeDevice && a.Options.Count == b.Options.Count &&
        a.Options.All(kv => b.Options.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>The subnets of existing networks and of the host's routes.</summary>
    List<Ipv4Subnet> TakenSubnets(IEnumerable<NetworkRecord> networks)
    {
        var taken = new List<Ipv4Subnet>(routes.Destinations());
        foreach (var n in networks)
            foreach (var p in n.Pools)
                taken.Add(IpamValidation.Subnet(p));
        return taken;
    }

    IpamPool ChoosePool(List<Ipv4Subnet> taken)
    {
        var subnet = AddressPool.Choose(options.Pools, taken) ?? throw NetworkErrors.NoFreePool();
        return new IpamPool(subnet.ToString(), Ipv4Subnet.FormatAddress(subnet.Network + 1));
    }

    static void CheckOptions(IReadOnlyDictionary<string, string> opts)
    {
        if (opts.TryGetValue(BridgeNameOption, out var device) && !IsDeviceName(device))
            throw NetworkErrors.Invalid($"invalid bridge name: {device}");
        if (opts.TryGetValue(MtuOption, out var mtu) && (!int.TryParse(mtu, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) || m < 68 || m > 65535))
            throw NetworkErrors.Invalid($"invalid MTU number: {mtu}");
    }

    /// <summary>A Linux interface name: 1-15 bytes, no '/', whitespace or ':'.</summary>
    static bool IsDeviceName(string s) => s.Length is > 0 and <= 15 && s is not ("." or "..") && s.All(c => c > ' ' && c < 127 && c is not ('/' or ':'));

    static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    static bool HasLabel(string want, IReadOnlyDictionary<string, string> labels)
    {
        var eq = want.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? labels.ContainsKey(want) : labels.TryGetValue(want[..eq], out var v) && v == want[(eq + 1)..];
    }

    /// <summary>dockerd matches <c>name</c> and <c>id</c> filters as regular expressions anywhere in the value.</summary>
    static bool Matches(string pattern, string value)
    {
        if (value.Contains(pattern, StringComparison.Ordinal)) return true;
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
