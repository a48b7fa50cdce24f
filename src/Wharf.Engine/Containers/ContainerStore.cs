using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Wharf.Engine.Images;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Containers;

/// <summary>
/// The containers table (scope <c>containers</c>) with an in-memory copy of every row: reads never touch the
/// disk, every change is written through before it becomes visible. Names are unique in both.
/// </summary>
public sealed class ContainerStore(WharfDatabase db)
{
    /// <summary>Schema of scope <c>containers</c>; append new migrations, never edit old ones.</summary>
    static readonly string[] Migrations =
    [
        """
        CREATE TABLE containers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            image_id TEXT NOT NULL,
            image_name TEXT NOT NULL,
            spec TEXT NOT NULL,
            status INTEGER NOT NULL,
            pid INTEGER NOT NULL,
            monitor_pid INTEGER NOT NULL,
            exit_code INTEGER NOT NULL,
            oom_killed INTEGER NOT NULL,
            error TEXT NOT NULL,
            started_at TEXT NULL,
            finished_at TEXT NULL,
            restart_count INTEGER NOT NULL,
            manually_stopped INTEGER NOT NULL,
            health TEXT NULL,
            container_dir TEXT NOT NULL,
            state_dir TEXT NOT NULL,
            log_path TEXT NOT NULL);
        CREATE INDEX containers_image ON containers(image_id)
        """,
        "ALTER TABLE containers ADD COLUMN network TEXT NULL",
    ];

    const string Columns = "id, name, created, image_id, image_name, spec, status, pid, monitor_pid, exit_code, oom_killed, error, " +
                           "started_at, finished_at, restart_count, manually_stopped, health, container_dir, state_dir, log_path, network";

    readonly Lock _gate = new();
    readonly Dictionary<string, ContainerRecord> _byId = new(StringComparer.Ordinal);
    readonly Dictionary<string, ContainerId> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates the table if needed and loads every row.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await db.MigrateAsync("containers", Migrations, ct);
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM containers";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<ContainerRecord>();
        while (await r.ReadAsync(ct)) rows.Add(Read(r));
        lock (_gate)
        {
            _byId.Clear();
            _byName.Clear();
            foreach (var row in rows)
            {
                _byId[row.Id.Value] = row;
                _byName[row.Name] = row.Id;
            }
        }
    }

    public IReadOnlyList<ContainerRecord> All()
    {
        lock (_gate) return [.. _byId.Values];
    }

    public ContainerRecord? Get(ContainerId id)
    {
        lock (_gate) return _byId.GetValueOrDefault(id.Value);
    }

    public ContainerRecord? FindByName(string name)
    {
        lock (_gate) return _byName.TryGetValue(name, out var id) ? _byId.GetValueOrDefault(id.Value) : null;
    }

    public bool NameInUse(string name)
    {
        lock (_gate) return _byName.ContainsKey(name);
    }

    /// <summary>dockerd's lookup order: a full id, then an exact name (with or without <c>/</c>), then a unique id prefix.</summary>
    public ContainerRecord Resolve(string userRef)
    {
        lock (_gate)
        {
            if (userRef.Length == 0) throw ContainerErrors.NoSuchContainer(userRef);
            if (_byId.TryGetValue(userRef, out var exact)) return exact;
            if (_byName.TryGetValue(userRef.TrimStart('/'), out var named)) return _byId[named.Value];
            ContainerRecord? found = null;
            foreach (var (id, record) in _byId)
            {
                if (!id.StartsWith(userRef, StringComparison.Ordinal)) continue;
                if (found is not null) throw ContainerErrors.AmbiguousPrefix(userRef);
                found = record;
            }
            return found ?? throw ContainerErrors.NoSuchContainer(userRef);
        }
    }

    /// <summary>Adds a new container; its name is reserved before the write, so two creates cannot both take it.</summary>
    public async Task InsertAsync(ContainerRecord record, CancellationToken ct)
    {
        Reserve(record.Name, record.Id);
        try
        {
            await using var conn = await db.OpenAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"INSERT INTO containers ({Columns}) VALUES ($id, $name, $created, $image_id, $image_name, $spec, $status, $pid, " +
                              "$monitor_pid, $exit_code, $oom_killed, $error, $started_at, $finished_at, $restart_count, $manually_stopped, " +
                              "$health, $container_dir, $state_dir, $log_path, $network)";
            Bind(cmd, record);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            lock (_gate) _byName.Remove(record.Name);
            throw;
        }
        lock (_gate) _byId[record.Id.Value] = record;
    }

    /// <summary>Writes the whole row (state, spec, name) in one statement; a rename moves the name reservation with it.</summary>
    public async Task UpdateAsync(ContainerRecord record, CancellationToken ct)
    {
        string? oldName;
        lock (_gate) oldName = _byId.TryGetValue(record.Id.Value, out var old) ? old.Name : null;
        if (oldName is null) throw ContainerErrors.NoSuchContainer(record.Id.Value);
        var renamed = oldName != record.Name;
        if (renamed) Reserve(record.Name, record.Id);
        try
        {
            await using var conn = await db.OpenAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "UPDATE containers SET name = $name, created = $created, image_id = $image_id, image_name = $image_name, " +
                              "spec = $spec, status = $status, pid = $pid, monitor_pid = $monitor_pid, exit_code = $exit_code, " +
                              "oom_killed = $oom_killed, error = $error, started_at = $started_at, finished_at = $finished_at, " +
                              "restart_count = $restart_count, manually_stopped = $manually_stopped, health = $health, " +
                              "container_dir = $container_dir, state_dir = $state_dir, log_path = $log_path, network = $network WHERE id = $id";
            Bind(cmd, record);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            if (renamed)
            {
                lock (_gate) _byName.Remove(record.Name);
            }
            throw;
        }
        lock (_gate)
        {
            if (renamed) _byName.Remove(oldName);
            _byId[record.Id.Value] = record;
        }
    }

    public async Task DeleteAsync(ContainerId id, CancellationToken ct)
    {
        await using (var conn = await db.OpenAsync(ct))
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "DELETE FROM containers WHERE id = $id";
            cmd.Parameters.AddWithValue("$id", id.Value);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        lock (_gate)
        {
            if (_byId.Remove(id.Value, out var old)) _byName.Remove(old.Name);
        }
    }

    void Reserve(string name, ContainerId id)
    {
        lock (_gate)
        {
            if (_byName.TryGetValue(name, out var holder) && holder != id) throw ContainerErrors.NameInUse(name, holder);
            _byName[name] = id;
        }
    }

    static void Bind(SqliteCommand cmd, ContainerRecord c)
    {
        var s = c.State;
        var p = cmd.Parameters;
        p.AddWithValue("$id", c.Id.Value);
        p.AddWithValue("$name", c.Name);
        p.AddWithValue("$created", Time(c.Created));
        p.AddWithValue("$image_id", c.ImageId.ToString());
        p.AddWithValue("$image_name", c.ImageName);
        p.AddWithValue("$spec", JsonSerializer.Serialize(c.Spec, ContainerJson.Default.ContainerCreateSpec));
        p.AddWithValue("$status", (int)s.Status);
        p.AddWithValue("$pid", s.Pid);
        p.AddWithValue("$monitor_pid", s.MonitorPid);
        p.AddWithValue("$exit_code", s.ExitCode);
        p.AddWithValue("$oom_killed", s.OomKilled ? 1 : 0);
        p.AddWithValue("$error", s.Error);
        p.AddWithValue("$started_at", s.StartedAt is { } st ? Time(st) : DBNull.Value);
        p.AddWithValue("$finished_at", s.FinishedAt is { } fi ? Time(fi) : DBNull.Value);
        p.AddWithValue("$restart_count", s.RestartCount);
        p.AddWithValue("$manually_stopped", s.ManuallyStopped ? 1 : 0);
        p.AddWithValue("$health", s.Health is { } h ? JsonSerializer.Serialize(h, ContainerJson.Default.HealthState) : DBNull.Value);
        p.AddWithValue("$container_dir", c.Paths.ContainerDir);
        p.AddWithValue("$state_dir", c.Paths.StateDir);
        p.AddWithValue("$log_path", c.Paths.LogPath);
        p.AddWithValue("$network", s.Network is { } n ? JsonSerializer.Serialize(n, ContainerJson.Default.ContainerNetworkSetup) : DBNull.Value);
    }

    static ContainerRecord Read(SqliteDataReader r) => new()
    {
        Id = ContainerId.Parse(r.GetString(0)),
        Name = r.GetString(1),
        Created = ParseTime(r.GetString(2)),
        ImageId = Digest.Parse(r.GetString(3)),
        ImageName = r.GetString(4),
        Spec = JsonSerializer.Deserialize(r.GetString(5), ContainerJson.Default.ContainerCreateSpec)
               ?? throw new InvalidDataException("container spec is null"),
        State = new ContainerState
        {
            Status = (ContainerStatus)r.GetInt32(6),
            Pid = r.GetInt32(7),
            MonitorPid = r.GetInt32(8),
            ExitCode = r.GetInt32(9),
            OomKilled = r.GetInt32(10) != 0,
            Error = r.GetString(11),
            StartedAt = r.IsDBNull(12) ? null : ParseTime(r.GetString(12)),
            FinishedAt = r.IsDBNull(13) ? null : ParseTime(r.GetString(13)),
            RestartCount = r.GetInt32(14),
            ManuallyStopped = r.GetInt32(15) != 0,
            Health = r.IsDBNull(16) ? null : JsonSerializer.Deserialize(r.GetString(16), ContainerJson.Default.HealthState),
            Network = r.IsDBNull(20) ? null : JsonSerializer.Deserialize(r.GetString(20), ContainerJson.Default.ContainerNetworkSetup),
        },
        Paths = new ContainerPaths(r.GetString(17), r.GetString(18), r.GetString(19)),
    };

    static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
