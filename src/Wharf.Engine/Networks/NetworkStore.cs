using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Networks;

/// <summary>
/// The networks table and their endpoints (scope <c>networks</c>). A network is in use while an endpoint row names it;
/// an endpoint's address is unique within its network (the table's key), which is what keeps two containers apart.
/// </summary>
public sealed class NetworkStore(WharfDatabase db)
{
    /// <summary>Schema of scope <c>networks</c>; append new migrations, never edit old ones.</summary>
    static readonly string[] Migrations =
    [
        """
        CREATE TABLE networks (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            driver TEXT NOT NULL,
            created TEXT NOT NULL,
            internal INTEGER NOT NULL,
            attachable INTEGER NOT NULL,
            ipam_options TEXT NULL,
            pools TEXT NOT NULL,
            options TEXT NOT NULL,
            labels TEXT NOT NULL);
        CREATE TABLE network_endpoints (
            network_id TEXT NOT NULL,
            container_id TEXT NOT NULL,
            container_name TEXT NOT NULL,
            endpoint_id TEXT NOT NULL,
            mac TEXT NOT NULL,
            address TEXT NOT NULL,
            PRIMARY KEY (network_id, container_id),
            UNIQUE (network_id, address));
        CREATE INDEX network_endpoints_container ON network_endpoints(container_id)
        """,
        """
        ALTER TABLE network_endpoints ADD COLUMN interface TEXT NOT NULL DEFAULT 'eth0';
        ALTER TABLE network_endpoints ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE network_endpoints ADD COLUMN static_address TEXT NULL;
        ALTER TABLE network_endpoints ADD COLUMN ports TEXT NOT NULL DEFAULT '[]'
        """,
    ];

    const string Columns = "id, name, driver, created, internal, attachable, ipam_options, pools, options, labels";

    public Task InitializeAsync(CancellationToken ct) => db.MigrateAsync("networks", Migrations, ct);

    public async Task<IReadOnlyList<NetworkRecord>> AllAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM networks ORDER BY created, name";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<NetworkRecord>();
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    /// <summary>Inserts a network; false when the name is taken (the UNIQUE constraint decides, so two creates cannot both win).</summary>
    public async Task<bool> TryInsertAsync(NetworkRecord n, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"INSERT OR IGNORE INTO networks ({Columns}) VALUES ($id, $n, $d, $c, $i, $a, $io, $p, $o, $l)";
        cmd.Parameters.AddWithValue("$id", n.Id);
        cmd.Parameters.AddWithValue("$n", n.Name);
        cmd.Parameters.AddWithValue("$d", n.Driver);
        cmd.Parameters.AddWithValue("$c", n.Created.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$i", n.Internal ? 1 : 0);
        cmd.Parameters.AddWithValue("$a", n.Attachable ? 1 : 0);
        cmd.Parameters.AddWithValue("$io", n.IpamOptions is null ? DBNull.Value : Map(n.IpamOptions));
        cmd.Parameters.AddWithValue("$p", JsonSerializer.Serialize(n.Pools.ToList(), NetworkJson.Default.ListIpamPool));
        cmd.Parameters.AddWithValue("$o", Map(n.Options));
        cmd.Parameters.AddWithValue("$l", Map(n.Labels));
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Deletes the network's row unless an endpoint names it (then false).</summary>
    public async Task<bool> DeleteIfUnusedAsync(string id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "DELETE FROM networks WHERE id = $id AND NOT EXISTS (SELECT 1 FROM network_endpoints WHERE network_id = $id)";
        cmd.Parameters.AddWithValue("$id", id);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Every endpoint, grouped by network id, in the order they were attached.</summary>
    public async Task<Dictionary<string, List<NetworkEndpoint>>> EndpointsAsync(CancellationToken ct)
    {
        var map = new Dictionary<string, List<NetworkEndpoint>>(StringComparer.Ordinal);
        foreach (var e in await StoredEndpointsAsync(ct))
        {
            if (!map.TryGetValue(e.NetworkId, out var list)) map[e.NetworkId] = list = [];
            list.Add(new NetworkEndpoint(e.ContainerId, e.ContainerName, e.EndpointId, e.MacAddress, e.Address));
        }
        return map;
    }

    /// <summary>Records an endpoint (its published ports too, so that it can be undone after a restart); false when its address (or the container) is already on that network.</summary>
    public async Task<bool> TryInsertEndpointAsync(StoredEndpoint e, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            INSERT INTO network_endpoints (network_id, container_id, container_name, endpoint_id, mac, address, interface, aliases, static_address, ports)
            VALUES ($n, $c, $name, $e, $mac, $a, $i, $al, $s, $p)
            """;
        cmd.Parameters.AddWithValue("$n", e.NetworkId);
        cmd.Parameters.AddWithValue("$c", e.ContainerId);
        cmd.Parameters.AddWithValue("$name", e.ContainerName);
        cmd.Parameters.AddWithValue("$e", e.EndpointId);
        cmd.Parameters.AddWithValue("$mac", e.MacAddress);
        cmd.Parameters.AddWithValue("$a", e.Address);
        cmd.Parameters.AddWithValue("$i", e.InterfaceName);
        cmd.Parameters.AddWithValue("$al", JsonSerializer.Serialize(e.Aliases.ToList(), NetworkJson.Default.ListString));
        cmd.Parameters.AddWithValue("$s", e.StaticAddress is null ? DBNull.Value : e.StaticAddress);
        cmd.Parameters.AddWithValue("$p", JsonSerializer.Serialize(e.Ports.ToList(), NetworkJson.Default.ListPortBinding));
        try
        {
            return await cmd.ExecuteNonQueryAsync(ct) > 0;
        }
        catch (SqliteException x) when (x.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the address or the container is there already
        {
            return false;
        }
    }

    /// <summary>Records the host ports an endpoint's published ports really got.</summary>
    public async Task SetEndpointPortsAsync(string containerId, string networkId, IReadOnlyList<PortBinding> ports, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "UPDATE network_endpoints SET ports = $p WHERE container_id = $c AND network_id = $n";
        cmd.Parameters.AddWithValue("$p", JsonSerializer.Serialize(ports.ToList(), NetworkJson.Default.ListPortBinding));
        cmd.Parameters.AddWithValue("$c", containerId);
        cmd.Parameters.AddWithValue("$n", networkId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Forgets a container's endpoint on one network, or on every network when <paramref name="networkId"/> is null.</summary>
    public async Task DeleteEndpointsAsync(string containerId, string? networkId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = networkId is null
            ? "DELETE FROM network_endpoints WHERE container_id = $c"
            : "DELETE FROM network_endpoints WHERE container_id = $c AND network_id = $n";
        cmd.Parameters.AddWithValue("$c", containerId);
        if (networkId is not null) cmd.Parameters.AddWithValue("$n", networkId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every endpoint with everything kept about it, in the order they were made.</summary>
    public async Task<IReadOnlyList<StoredEndpoint>> StoredEndpointsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT network_id, container_id, container_name, endpoint_id, mac, address, interface, aliases, static_address, ports FROM network_endpoints ORDER BY rowid";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<StoredEndpoint>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new StoredEndpoint(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                JsonSerializer.Deserialize(r.GetString(7), NetworkJson.Default.ListString) ?? [], r.IsDBNull(8) ? null : r.GetString(8),
                JsonSerializer.Deserialize(r.GetString(9), NetworkJson.Default.ListPortBinding) ?? []));
        }
        return list;
    }

    static NetworkRecord Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        Driver = r.GetString(2),
        Created = DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Internal = r.GetInt64(4) != 0,
        Attachable = r.GetInt64(5) != 0,
        IpamOptions = r.IsDBNull(6) ? null : Unmap(r.GetString(6)),
        Pools = JsonSerializer.Deserialize(r.GetString(7), NetworkJson.Default.ListIpamPool) ?? [],
        Options = Unmap(r.GetString(8)),
        Labels = Unmap(r.GetString(9)),
    };

    static string Map(IReadOnlyDictionary<string, string> map) =>
        JsonSerializer.Serialize(map.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), NetworkJson.Default.DictionaryStringString);

    static Dictionary<string, string> Unmap(string json) =>
        JsonSerializer.Deserialize(json, NetworkJson.Default.DictionaryStringString) ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
