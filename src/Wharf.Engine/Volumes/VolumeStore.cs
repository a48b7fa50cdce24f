using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Volumes;

/// <summary>
/// The volumes table and the container-to-volume relation (scope <c>volumes</c>). A volume is in use while a row
/// of <c>volume_mounts</c> names it, whatever the container's state; <c>active</c> marks the mounts of running containers.
/// </summary>
public sealed class VolumeStore(WharfDatabase db, string volumesRoot)
{
    /// <summary>Schema of scope <c>volumes</c>; append new migrations, never edit old ones.</summary>
    static readonly string[] Migrations =
    [
        """
        CREATE TABLE volumes (
            name TEXT PRIMARY KEY,
            driver TEXT NOT NULL,
            created TEXT NOT NULL,
            labels TEXT NULL,
            options TEXT NULL);
        CREATE TABLE volume_mounts (
            container_id TEXT NOT NULL,
            destination TEXT NOT NULL,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            source TEXT NOT NULL,
            rw INTEGER NOT NULL,
            mode TEXT NOT NULL,
            propagation TEXT NOT NULL,
            copy_up INTEGER NOT NULL,
            active INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (container_id, destination));
        CREATE INDEX volume_mounts_name ON volume_mounts(name)
        """,
    ];

    /// <summary><c>&lt;data-root&gt;/volumes</c>.</summary>
    public string Root { get; } = volumesRoot;

    public Task InitializeAsync(CancellationToken ct) => db.MigrateAsync("volumes", Migrations, ct);

    public string MountpointOf(string name) => Path.Combine(Root, name, "_data");

    public async Task<VolumeRecord?> GetAsync(string name, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT name, driver, created, labels, options FROM volumes WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    public async Task<IReadOnlyList<VolumeRecord>> AllAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT name, driver, created, labels, options FROM volumes ORDER BY name";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<VolumeRecord>();
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    public async Task InsertAsync(VolumeRecord v, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT INTO volumes (name, driver, created, labels, options) VALUES ($n, $d, $c, $l, $o)";
        cmd.Parameters.AddWithValue("$n", v.Name);
        cmd.Parameters.AddWithValue("$d", v.Driver);
        cmd.Parameters.AddWithValue("$c", v.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$l", Json(v.Labels));
        cmd.Parameters.AddWithValue("$o", Json(v.Options));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes the volume's row, unless a container references it (then false).</summary>
    public async Task<bool> DeleteIfUnusedAsync(string name, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "DELETE FROM volumes WHERE name = $n AND NOT EXISTS (SELECT 1 FROM volume_mounts WHERE type = 'volume' AND name = $n)";
        cmd.Parameters.AddWithValue("$n", name);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Volume name -> the containers that reference it, in the order they were attached.</summary>
    public async Task<Dictionary<string, List<string>>> ReferencesAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT name, container_id FROM volume_mounts WHERE type = 'volume' ORDER BY rowid";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
        {
            if (!map.TryGetValue(r.GetString(0), out var list)) map[r.GetString(0)] = list = [];
            if (!list.Contains(r.GetString(1))) list.Add(r.GetString(1));
        }
        return map;
    }

    /// <summary>Records a container's mounts in one transaction.</summary>
    public async Task AttachAsync(string containerId, IReadOnlyList<ContainerMount> mounts, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(ct);
        for (var i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO volume_mounts (container_id, destination, type, name, source, rw, mode, propagation, copy_up, active, seq) " +
                              "VALUES ($c, $d, $t, $n, $s, $rw, $m, $p, $cu, 0, $q)";
            cmd.Parameters.AddWithValue("$c", containerId);
            cmd.Parameters.AddWithValue("$d", m.Destination);
            cmd.Parameters.AddWithValue("$t", m.Type);
            cmd.Parameters.AddWithValue("$n", m.Name);
            cmd.Parameters.AddWithValue("$s", m.Source);
            cmd.Parameters.AddWithValue("$rw", m.ReadWrite ? 1 : 0);
            cmd.Parameters.AddWithValue("$m", m.Mode);
            cmd.Parameters.AddWithValue("$p", m.Propagation);
            cmd.Parameters.AddWithValue("$cu", m.CopyUp ? 1 : 0);
            cmd.Parameters.AddWithValue("$q", i);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>A container's mounts with whether each is mounted for a running container.</summary>
    public async Task<IReadOnlyList<(ContainerMount Mount, bool Active)>> MountsOfAsync(string containerId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT destination, type, name, source, rw, mode, propagation, copy_up, active FROM volume_mounts WHERE container_id = $c ORDER BY seq";
        cmd.Parameters.AddWithValue("$c", containerId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<(ContainerMount, bool)>();
        while (await r.ReadAsync(ct))
        {
            var type = r.GetString(1);
            list.Add((new ContainerMount
            {
                Destination = r.GetString(0),
                Type = type,
                Name = r.GetString(2),
                Source = r.GetString(3),
                Driver = type == "volume" ? VolumeService.LocalDriver : "",
                ReadWrite = r.GetInt64(4) != 0,
                Mode = r.GetString(5),
                Propagation = r.GetString(6),
                CopyUp = r.GetInt64(7) != 0,
            }, r.GetInt64(8) != 0));
        }
        return list;
    }

    /// <summary>Marks a container's mounts mounted (or not) and, once mounted, done with copy-up.</summary>
    public async Task SetActiveAsync(string containerId, bool active, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = active
            ? "UPDATE volume_mounts SET active = 1, copy_up = 0 WHERE container_id = $c"
            : "UPDATE volume_mounts SET active = 0 WHERE container_id = $c";
        cmd.Parameters.AddWithValue("$c", containerId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>How many running containers have volume <paramref name="name"/> mounted.</summary>
    public async Task<int> ActiveUsersAsync(string name, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT COUNT(DISTINCT container_id) FROM volume_mounts WHERE type = 'volume' AND name = $n AND active = 1";
        cmd.Parameters.AddWithValue("$n", name);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Forgets a container's mounts.</summary>
    public async Task DetachAsync(string containerId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "DELETE FROM volume_mounts WHERE container_id = $c";
        cmd.Parameters.AddWithValue("$c", containerId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    VolumeRecord Read(SqliteDataReader r) => new()
    {
        Name = r.GetString(0),
        Driver = r.GetString(1),
        CreatedAt = DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Labels = r.IsDBNull(3) ? null : JsonSerializer.Deserialize(r.GetString(3), VolumeJson.Default.DictionaryStringString),
        Options = r.IsDBNull(4) ? null : JsonSerializer.Deserialize(r.GetString(4), VolumeJson.Default.DictionaryStringString),
        Mountpoint = MountpointOf(r.GetString(0)),
    };

    static object Json(IReadOnlyDictionary<string, string>? map) =>
        map is null ? DBNull.Value : JsonSerializer.Serialize(map.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), VolumeJson.Default.DictionaryStringString);
}
