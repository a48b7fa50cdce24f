using Wharf.Engine.Filters;
using Wharf.Engine.Networks;
using Wharf.Engine.Storage;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Networks;

/// <summary>A network service over a temp SQLite file, fixed host routes, recorded events and a manual clock.</summary>
internal sealed class NetworkHarness : IDisposable
{
    readonly TempDirectory _dir = new();

    public NetworkHarness(NetworkOptions? options = null, params string[] routes)
    {
        Db = new WharfDatabase(Path.Combine(_dir.Path, "wharf.db"));
        Routes = new FakeRoutes([.. routes.Select(Subnet)]);
        Options = options ?? new NetworkOptions { BridgeDevice = "wt-test0" };
        Store = new NetworkStore(Db);
        Service = NewService();
        Service.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public WharfDatabase Db { get; }
    public FakeRoutes Routes { get; }
    public NetworkOptions Options { get; set; }
    public RecordingEventService Events { get; } = new();
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 3, 4, 4, TimeSpan.Zero));
    public NetworkStore Store { get; }
    public NetworkService Service { get; }

    /// <summary>A second service over the same database, as after a daemon restart.</summary>
    public NetworkService NewService() => new(Store, Options, Routes, Events, Clock, Plumbing);

    public FakeNetworkPlumbing Plumbing { get; } = new();

    public static Ipv4Subnet Subnet(string text) => Ipv4Subnet.TryParse(text, out var s) ? s : throw new FormatException(text);

    public Task<(NetworkView Network, string Warning)> CreateAsync(string name, string? subnet = null, string gateway = "", string range = "",
                                                                     IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? options = null, string driver = "") =>
        Service.CreateAsync(new NetworkCreateRequest
        {
            Name = name,
            Driver = driver,
            Pools = subnet is null ? [] : [new IpamPool(subnet, gateway, range)],
            Labels = labels,
            Options = options,
        }, CancellationToken.None);

    public static FilterSet F(params (string Key, string Value)[] pairs) =>
        new(pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(p => p.Value).ToList()));

    /// <summary>Marks a network in use, as an attached container will.</summary>
    public async Task AddEndpointAsync(string networkId, string containerId, string address)
    {
        await using var conn = await Db.OpenAsync(CancellationToken.None);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT INTO network_endpoints (network_id, container_id, container_name, endpoint_id, mac, address) VALUES ($n, $c, 'c', 'e', 'm', $a)";
        cmd.Parameters.AddWithValue("$n", networkId);
        cmd.Parameters.AddWithValue("$c", containerId);
        cmd.Parameters.AddWithValue("$a", address);
        await cmd.ExecuteNonQueryAsync();
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Host routes a test sets.</summary>
    internal sealed class FakeRoutes(List<Ipv4Subnet> routes) : IHostRoutes
    {
        public List<Ipv4Subnet> Routes { get; } = routes;
        public IReadOnlyList<Ipv4Subnet> Destinations() => Routes;
    }
}
