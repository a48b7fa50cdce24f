using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Events;

/// <summary>The events table in the daemon's database: the recent past, so <c>since</c> works across restarts.</summary>
internal sealed class EventJournal(WharfDatabase database, int capacity)
{
    public const string Scope = "events";

    static readonly string[] Migrations =
    [
        """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            type INTEGER NOT NULL,
            action TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            attributes TEXT NOT NULL,
            time_nano INTEGER NOT NULL,
            scope TEXT NOT NULL
        );
        CREATE INDEX events_time ON events (time_nano)
        """,
    ];

    const string Columns = "seq, type, action, actor_id, attributes, time_nano, scope";

    public Task MigrateAsync(CancellationToken ct) => database.MigrateAsync(Scope, Migrations, ct);

    /// <summary>The newest <paramref name="count"/> events, oldest first.</summary>
    public async Task<List<RecordedEvent>> LoadNewestAsync(int count, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM (SELECT {Columns} FROM events ORDER BY seq DESC LIMIT $n) ORDER BY seq";
        command.Parameters.AddWithValue("$n", count);
        return await ReadAsync(command, ct);
    }

    /// <summary>Events older than sequence <paramref name="before"/> with a time of at least <paramref name="sinceNano"/>, oldest first.</summary>
    public async Task<List<RecordedEvent>> LoadRangeAsync(long sinceNano, long before, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM events WHERE time_nano >= $since AND seq < $before ORDER BY seq";
        command.Parameters.AddWithValue("$since", sinceNano);
        command.Parameters.AddWithValue("$before", before);
        return await ReadAsync(command, ct);
    }

    /// <summary>Writes a batch in one transaction, then drops all but the newest rows when <paramref name="trim"/> is set.</summary>
    public async Task AppendAsync(IReadOnlyList<RecordedEvent> batch, bool trim, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = $"INSERT OR REPLACE INTO events ({Columns}) VALUES ($seq, $type, $action, $actor, $attributes, $time, $scope)";
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var type = insert.Parameters.Add("$type", SqliteType.Integer);
            var action = insert.Parameters.Add("$action", SqliteType.Text);
            var actor = insert.Parameters.Add("$actor", SqliteType.Text);
            var attributes = insert.Parameters.Add("$attributes", SqliteType.Text);
            var time = insert.Parameters.Add("$time", SqliteType.Integer);
            var scope = insert.Parameters.Add("$scope", SqliteType.Text);
            foreach (var (sequence, e) in batch)
            {
                seq.Value = sequence;
                type.Value = (int)e.Type;
                action.Value = e.Action;
                actor.Value = e.ActorId;
                attributes.Value = JsonSerializer.Serialize(new Dictionary<string, string>(e.Attributes), EventJson.Default.DictionaryStringString);
                time.Value = e.TimeNano;
                scope.Value = e.Scope;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
        if (trim)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = tx;
            delete.CommandText = "DELETE FROM events WHERE seq <= (SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET $keep)";
            delete.Parameters.AddWithValue("$keep", capacity);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM events";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    static async Task<List<RecordedEvent>> ReadAsync(SqliteCommand command, CancellationToken ct)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var attributes = JsonSerializer.Deserialize(reader.GetString(4), EventJson.Default.DictionaryStringString) ?? [];
            var e = new EngineEvent((EventType)reader.GetInt32(1), reader.GetString(2), reader.GetString(3), attributes, reader.GetInt64(5), reader.GetString(6));
            events.Add(new RecordedEvent(reader.GetInt64(0), e));
        }
        return events;
    }
}
