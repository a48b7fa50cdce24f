using System.Globalization;
using Wharf.Engine.Images;
using Wharf.Engine.Networks;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>What the network layer needs to connect the container: its mode's network first, then the others; the ports to publish.</summary>
    internal ContainerNetworkPlan NetworkPlan(ContainerRecord r)
    {
        var mode = NetworkModeName(r.Spec.Host.NetworkMode);
        // container:NAME names the other container as the user did; the network layer finds its namespace by id.
        if (mode.StartsWith("container:", StringComparison.Ordinal)) mode = "container:" + _store.Resolve(mode["container:".Length..]).Id.Value;
        var networks = new List<(string, EndpointRequest)>();
        if (mode is not (NetworkService.HostName or NetworkService.NoneName) && !mode.StartsWith("container:", StringComparison.Ordinal))
        {
            networks.Add((mode, Endpoint(r.Spec.Networks.GetValueOrDefault(mode))));
            foreach (var (name, settings) in r.Spec.Networks)
                if (name != mode && name != "default") networks.Add((name, Endpoint(settings)));
        }
        return new ContainerNetworkPlan
        {
            ContainerId = r.Id.Value,
            Name = r.Name,
            NetworkMode = mode,
            Networks = networks,
            Ports = PublishedPorts(r.Spec.Host, r.Spec.Config),
            Dns = r.Spec.Host.Dns,
        };

        static EndpointRequest Endpoint(EndpointSettings? s) => new(s?.Aliases ?? [], s?.IPv4Address);
    }

    /// <summary><c>default</c> and empty are the default bridge, as in dockerd.</summary>
    public static string NetworkModeName(string mode) => mode is "" or "default" ? NetworkService.BridgeName : mode;

    /// <summary>PortBindings, then (with PublishAllPorts) every other exposed port on a free host port.</summary>
    internal static IReadOnlyList<PortBinding> PublishedPorts(HostSettings host, RunConfig config)
    {
        var result = new List<PortBinding>();
        foreach (var (port, bindings) in host.PortBindings)
        {
            var (number, protocol) = ParsePort(port);
            foreach (var b in bindings.Count == 0 ? [new HostPortBinding("", "")] : bindings)
                result.Add(new PortBinding(protocol, number, b.HostIp, HostPort(b.HostPort)));
        }
        if (host.PublishAllPorts)
        {
            foreach (var port in config.ExposedPorts?.Keys ?? Enumerable.Empty<string>())
            {
                if (host.PortBindings.ContainsKey(port)) continue;
                var (number, protocol) = ParsePort(port);
                result.Add(new PortBinding(protocol, number, "", 0));
            }
        }
        return result;
    }

    static (int Port, string Protocol) ParsePort(string spec)
    {
        var slash = spec.IndexOf('/', StringComparison.Ordinal);
        var protocol = slash < 0 ? "tcp" : spec[(slash + 1)..].ToLowerInvariant();
        if (!int.TryParse(slash < 0 ? spec : spec[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || protocol is not ("tcp" or "udp" or "sctp"))
            throw EngineException.Invalid($"invalid port specification: \"{spec}\"");
        return (port, protocol);
    }

    static int HostPort(string text)
    {
        if (text.Length == 0) return 0;
        // A range (8000-8010) takes its first port here; the daemon publishes one host port per container port.
        var first = text.Split('-')[0];
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw EngineException.Invalid($"invalid port specification: \"{text}\"");
        return port;
    }

    /// <summary>At create: the networks named must exist (dockerd answers 404 at create, not at start).</summary>
    async Task CheckNetworksAsync(ContainerCreateSpec spec, CancellationToken ct)
    {
        var mode = NetworkModeName(spec.Host.NetworkMode);
        if (mode.StartsWith("container:", StringComparison.Ordinal))
        {
            _store.Resolve(mode["container:".Length..]);
            return;
        }
        foreach (var name in spec.Networks.Keys.Append(mode).Where(n => n != "default").Distinct(StringComparer.Ordinal))
            await _networks.FindAsync(name, ct);
        PublishedPorts(spec.Host, spec.Config);
    }

    /// <summary><c>docker network connect</c>: a running container is plugged in now; any other only remembers the network for its next start.</summary>
    public async Task ConnectNetworkAsync(string container, string network, EndpointSettings settings, CancellationToken ct)
    {
        var n = await _networks.FindAsync(network, ct);
        var (record, slot, held) = await LockAsync(container, ct);
        using (held)
        {
            var mode = NetworkModeName(record.Spec.Host.NetworkMode);
            if (mode == NetworkService.HostName || mode == NetworkService.NoneName || mode.StartsWith("container:", StringComparison.Ordinal) || n.Driver != NetworkService.BridgeDriver)
                throw EngineException.Invalid("container cannot be disconnected from host network or connected to host network");
            if (mode == n.Name || record.Spec.Networks.ContainsKey(n.Name))
                throw new EngineException(ErrorKind.Forbidden, $"endpoint with name {record.Name} already exists in network {n.Name}");
            var networks = new Dictionary<string, EndpointSettings>(record.Spec.Networks, StringComparer.Ordinal) { [n.Name] = settings };
            if (record.State.IsRunning && record.State.Network is { } current)
            {
                var endpoint = await _networks.ConnectAsync(NetworkPlan(record), n.Name, new EndpointRequest(settings.Aliases, settings.IPv4Address), current, ct);
                // As dockerd: joining a user-defined network switches the container to the embedded name server.
                var embedded = current.EmbeddedDns || n.Name != NetworkService.BridgeName;
                if (embedded && !current.EmbeddedDns)
                    await _bundles.UseEmbeddedDnsAsync(BundleFor(record, slot.ImageConfig ?? (await _images.InspectAsync(record.ImageId.ToString(), ct)).Config), ct);
                record = await SaveAsync(record, record.State with
                {
                    Network = current with { Endpoints = [.. current.Endpoints, endpoint], EmbeddedDns = embedded },
                });
            }
            await SaveSpecAsync(record, record.Spec with { Networks = networks });
        }
    }

    /// <summary><c>docker network disconnect</c>.</summary>
    public async Task DisconnectNetworkAsync(string container, string network, bool force, CancellationToken ct)
    {
        var n = await _networks.FindAsync(network, ct);
        var (record, _, held) = await LockAsync(container, ct);
        using (held)
        {
            var mode = NetworkModeName(record.Spec.Host.NetworkMode);
            var endpoint = record.State.Network?.Endpoints.FirstOrDefault(e => e.NetworkId == n.Id);
            if (!record.Spec.Networks.ContainsKey(n.Name) && mode != n.Name && endpoint is null)
                throw new EngineException(ErrorKind.Forbidden, $"container {record.Id} is not connected to network {n.Name}");
            if (n.Driver != NetworkService.BridgeDriver)
                throw EngineException.Invalid("container cannot be disconnected from host network or connected to host network");
            if (endpoint is not null && record.State.Network is { } current)
            {
                await _networks.DisconnectAsync(record.Id.Value, endpoint, ct);
                record = await SaveAsync(record, record.State with { Network = current with { Endpoints = [.. current.Endpoints.Where(e => e != endpoint)] } });
            }
            var networks = new Dictionary<string, EndpointSettings>(record.Spec.Networks, StringComparer.Ordinal);
            networks.Remove(n.Name);
            var host = mode == n.Name ? record.Spec.Host with { NetworkMode = networks.Keys.FirstOrDefault() ?? NetworkService.NoneName } : record.Spec.Host;
            await SaveSpecAsync(record, record.Spec with { Networks = networks, Host = host });
        }
    }

    async Task SaveSpecAsync(ContainerRecord record, ContainerCreateSpec spec) =>
        await _store.UpdateAsync(record with { Spec = spec }, CancellationToken.None);
}
