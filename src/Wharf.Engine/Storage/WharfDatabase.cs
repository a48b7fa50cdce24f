using Microsoft.Data.Sqlite;

namespace Wharf.Engine.Storage;

/// <summary>
/// The daemon's one SQLite file (<c>&lt;data-root&gt;/wharf.db</c>) in WAL mode. Each subsystem registers its
/// schema as numbered migrations; every migration runs once, in its own transaction.
/// </summary>
public sealed class WharfDatabase
{
    readonly string _connectionString;

    public WharfDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Opens a connection with WAL, foreign keys on and a busy timeout, so concurrent writers wait instead of failing.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>Applies the migrations of one subsystem (<paramref name="scope"/>) that have not run yet.</summary>
    public async Task MigrateAsync(string scope, IReadOnlyList<string> migrations, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (scope TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (scope, version))";
            await create.ExecuteNonQueryAsync(ct);
        }
        for (var version = 1; version <= migrations.Count; version++)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var check = connection.CreateCommand();
            check.Transaction = tx;
            check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE scope = $s AND version = $v";
            check.Parameters.AddWithValue("$s", scope);
            check.Parameters.AddWithValue("$v", version);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct), global::System.Globalization.CultureInfo.InvariantCulture) > 0) continue;
            await using var apply = connection.CreateCommand();
            apply.Transaction = tx;
            apply.CommandText = migrations[version - 1] + "; INSERT INTO schema_migrations (scope, version) VALUES ($s, $v);";
            apply.Parameters.AddWithValue("$s", scope);
            apply.Parameters.AddWithValue("$v", version);
            await apply.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
    }
}
