using System.Globalization;
using Microsoft.Data.Sqlite;
using Wharf.Engine.References;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Images;

/// <summary>
/// The image tables in the daemon's SQLite file. Every change that spans rows (an image with its layers and
/// tags; a delete with the layers it releases) runs in one transaction, so a crash leaves either all or none.
/// </summary>
internal sealed class ImageMetadataStore(WharfDatabase db)
{
    /// <summary>Schema of scope <c>images</c>; append new migrations, never edit old ones.</summary>
    static readonly string[] Migrations =
    [
        """
        CREATE TABLE images (
            id TEXT PRIMARY KEY,
            created TEXT NOT NULL,
            parent TEXT NULL,
            size INTEGER NOT NULL,
            last_tag_time TEXT NULL,
            added TEXT NOT NULL);
        CREATE TABLE layers (
            chain_id TEXT PRIMARY KEY,
            diff_id TEXT NOT NULL,
            parent TEXT NULL,
            size INTEGER NOT NULL);
        CREATE TABLE image_layers (
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            chain_id TEXT NOT NULL REFERENCES layers(chain_id),
            PRIMARY KEY (image_id, position));
        CREATE INDEX image_layers_chain ON image_layers(chain_id);
        CREATE TABLE tags (
            reference TEXT PRIMARY KEY,
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            familiar TEXT NOT NULL)
        """,
    ];

    /// <summary>Called with a step name inside write transactions; tests throw from it to prove atomicity.</summary>
    internal Action<string>? FaultHook { get; set; }

    sealed record Snapshot(ImageIndex Index, long Writes);

    /// <summary>Write transactions ended, committed or not.</summary>
    long _writes;
    Snapshot? _snapshot;

    public Task MigrateAsync(CancellationToken ct) => db.MigrateAsync("images", Migrations, ct);

    /// <summary>
    /// All image metadata as of the last write: kept in memory after it is read, since every write goes through this
    /// store. Reading the four tables again took ~0.1 ms of each <c>GET /images/json</c>.
    /// </summary>
    public async Task<ImageIndex> ReadAsync(CancellationToken ct)
    {
        // A snapshot read while a write ran may hold either side of it; the write's count, bumped once it has ended,
        // retires it. Immutable rows make the one snapshot safe to share between requests.
        var writes = Interlocked.Read(ref _writes);
        if (Volatile.Read(ref _snapshot) is { } snapshot && snapshot.Writes == writes) return snapshot.Index;
        var index = await ReadTablesAsync(ct);
        Volatile.Write(ref _snapshot, new Snapshot(index, writes));
        return index;
    }

    /// <summary>Reads all image metadata in one read transaction.</summary>
    async Task<ImageIndex> ReadTablesAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(ct);
        var layers = new Dictionary<string, LayerRow>(StringComparer.Ordinal);
        await using (var cmd = Command(conn, tx, "SELECT chain_id, diff_id, parent, size FROM layers"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var chain = new ChainId(Digest.Parse(r.GetString(0)));
                layers[chain.Digest.Hex] = new LayerRow(chain, new DiffId(Digest.Parse(r.GetString(1))),
                    r.IsDBNull(2) ? null : new ChainId(Digest.Parse(r.GetString(2))), r.GetInt64(3));
            }
        var chains = new Dictionary<string, List<ChainId>>(StringComparer.Ordinal);
        await using (var cmd = Command(conn, tx, "SELECT image_id, chain_id FROM image_layers ORDER BY image_id, position"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var id = r.GetString(0);
                if (!chains.TryGetValue(id, out var list)) chains[id] = list = [];
                list.Add(new ChainId(Digest.Parse(r.GetString(1))));
            }
        var images = new Dictionary<string, ImageRow>(StringComparer.Ordinal);
        await using (var cmd = Command(conn, tx, "SELECT id, created, parent, size, last_tag_time FROM images"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var id = Digest.Parse(r.GetString(0));
                images[id.Hex] = new ImageRow(id, ParseTime(r.GetString(1)), r.IsDBNull(2) ? null : Digest.Parse(r.GetString(2)),
                    r.GetInt64(3), r.IsDBNull(4) ? null : ParseTime(r.GetString(4)), chains.GetValueOrDefault(id.ToString()) ?? []);
            }
        var tags = new List<TagRow>();
        await using (var cmd = Command(conn, tx, "SELECT reference, image_id FROM tags ORDER BY reference"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                tags.Add(new TagRow(ImageReference.ParseNormalized(r.GetString(0)), Digest.Parse(r.GetString(1))));
        await tx.CommitAsync(ct);
        return new ImageIndex(images, layers, tags);
    }

    /// <summary>Adds an image (if new) with its new layers and points <paramref name="tags"/> at it, in one transaction.</summary>
    public Task CommitImageAsync(ImageRow image, IReadOnlyList<LayerRow> newLayers, IReadOnlyList<ImageReference> tags,
        DateTimeOffset now, CancellationToken ct) => WriteAsync(async (conn, tx) =>
    {
        foreach (var layer in newLayers)
        {
            await using var cmd = Command(conn, tx,
                "INSERT OR IGNORE INTO layers (chain_id, diff_id, parent, size) VALUES ($c, $d, $p, $s)");
            cmd.Parameters.AddWithValue("$c", layer.ChainId.ToString());
            cmd.Parameters.AddWithValue("$d", layer.DiffId.ToString());
            cmd.Parameters.AddWithValue("$p", (object?)layer.Parent?.ToString() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$s", layer.Size);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        FaultHook?.Invoke("layers");
        int inserted;
        await using (var cmd = Command(conn, tx,
            "INSERT OR IGNORE INTO images (id, created, parent, size, last_tag_time, added) VALUES ($id, $c, $p, $s, NULL, $a)"))
        {
            cmd.Parameters.AddWithValue("$id", image.Id.ToString());
            cmd.Parameters.AddWithValue("$c", FormatTime(image.Created));
            cmd.Parameters.AddWithValue("$p", (object?)image.Parent?.ToString() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$s", image.Size);
            cmd.Parameters.AddWithValue("$a", FormatTime(now));
            inserted = await cmd.ExecuteNonQueryAsync(ct);
        }
        if (inserted > 0)
            for (var i = 0; i < image.Layers.Count; i++)
            {
                await using var cmd = Command(conn, tx, "INSERT INTO image_layers (image_id, position, chain_id) VALUES ($id, $pos, $c)");
                cmd.Parameters.AddWithValue("$id", image.Id.ToString());
                cmd.Parameters.AddWithValue("$pos", i);
                cmd.Parameters.AddWithValue("$c", image.Layers[i].ToString());
                await cmd.ExecuteNonQueryAsync(ct);
            }
        FaultHook?.Invoke("image");
        foreach (var tag in tags) await SetTagAsync(conn, tx, tag, image.Id, now, ct);
        FaultHook?.Invoke("tags");
        return true;
    }, ct);

    /// <summary>Points <paramref name="reference"/> at <paramref name="imageId"/>, moving it from any other image.</summary>
    public Task TagAsync(ImageReference reference, Digest imageId, DateTimeOffset now, CancellationToken ct) =>
        WriteAsync(async (conn, tx) =>
        {
            await SetTagAsync(conn, tx, reference, imageId, now, ct);
            return true;
        }, ct);

    /// <summary>
    /// Removes <paramref name="untag"/> and deletes <paramref name="deleteImages"/> (with their remaining tags) in one
    /// transaction; returns the layers no image uses any more, each image's top layer first. Their rows are gone
    /// when this returns; their directories and blobs are the caller's to remove after the commit.
    /// </summary>
    public Task<IReadOnlyList<LayerRow>> RemoveAsync(IReadOnlyList<ImageReference> untag, IReadOnlyList<ImageRow> deleteImages,
        CancellationToken ct) => WriteAsync<IReadOnlyList<LayerRow>>(async (conn, tx) =>
    {
        foreach (var reference in untag)
        {
            await using var cmd = Command(conn, tx, "DELETE FROM tags WHERE reference = $r");
            cmd.Parameters.AddWithValue("$r", reference.ToString());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        FaultHook?.Invoke("untag");
        foreach (var image in deleteImages)
        {
            await using var cmd = Command(conn, tx, "DELETE FROM images WHERE id = $id");
            cmd.Parameters.AddWithValue("$id", image.Id.ToString());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        FaultHook?.Invoke("images");
        var released = new List<LayerRow>();
        foreach (var image in deleteImages)
            foreach (var chain in image.Layers.Reverse())
            {
                var row = await ReleaseIfUnusedAsync(conn, tx, chain, ct);
                if (row is not null) released.Add(row);
            }
        FaultHook?.Invoke("layers");
        return released;
    }, ct);

    /// <summary>Deletes layer rows that no image references (left by nothing but bugs; the GC's last line).</summary>
    public Task<IReadOnlyList<LayerRow>> RemoveUnusedLayersAsync(CancellationToken ct) => WriteAsync<IReadOnlyList<LayerRow>>(async (conn, tx) =>
    {
        var candidates = new List<string>();
        await using (var cmd = Command(conn, tx, "SELECT chain_id FROM layers WHERE chain_id NOT IN (SELECT chain_id FROM image_layers)"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) candidates.Add(r.GetString(0));
        var released = new List<LayerRow>();
        foreach (var c in candidates)
            if (await ReleaseIfUnusedAsync(conn, tx, new ChainId(Digest.Parse(c)), ct) is { } row) released.Add(row);
        return released;
    }, ct);

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it; the cached snapshot is retired either way.</summary>
    async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct)
    {
        try
        {
            await using var conn = await db.OpenAsync(ct);
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(ct);
            var result = await work(conn, tx);
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            Interlocked.Increment(ref _writes);
        }
    }

    // A layer stays while any image lists it. Containers will add their read-write layers' parents here
    // (a container_layers table counted in the same query), so that delete and prune keep layers in use.
    static async Task<LayerRow?> ReleaseIfUnusedAsync(SqliteConnection conn, SqliteTransaction tx, ChainId chain, CancellationToken ct)
    {
        await using (var count = Command(conn, tx, "SELECT COUNT(*) FROM image_layers WHERE chain_id = $c"))
        {
            count.Parameters.AddWithValue("$c", chain.ToString());
            if (Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0) return null;
        }
        LayerRow? row = null;
        await using (var read = Command(conn, tx, "SELECT diff_id, parent, size FROM layers WHERE chain_id = $c"))
        {
            read.Parameters.AddWithValue("$c", chain.ToString());
            await using var r = await read.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
                row = new LayerRow(chain, new DiffId(Digest.Parse(r.GetString(0))), r.IsDBNull(1) ? null : new ChainId(Digest.Parse(r.GetString(1))), r.GetInt64(2));
        }
        if (row is null) return null;
        await using var delete = Command(conn, tx, "DELETE FROM layers WHERE chain_id = $c");
        delete.Parameters.AddWithValue("$c", chain.ToString());
        await delete.ExecuteNonQueryAsync(ct);
        return row;
    }

    static async Task SetTagAsync(SqliteConnection conn, SqliteTransaction tx, ImageReference reference, Digest imageId, DateTimeOffset now, CancellationToken ct)
    {
        await using (var cmd = Command(conn, tx,
            "INSERT INTO tags (reference, image_id, familiar) VALUES ($r, $id, $f) ON CONFLICT(reference) DO UPDATE SET image_id = excluded.image_id"))
        {
            cmd.Parameters.AddWithValue("$r", reference.ToString());
            cmd.Parameters.AddWithValue("$id", imageId.ToString());
            cmd.Parameters.AddWithValue("$f", reference.FamiliarString);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await using var stamp = Command(conn, tx, "UPDATE images SET last_tag_time = $t WHERE id = $id");
        stamp.Parameters.AddWithValue("$t", FormatTime(now));
        stamp.Parameters.AddWithValue("$id", imageId.ToString());
        await stamp.ExecuteNonQueryAsync(ct);
    }

    static SqliteCommand Command(SqliteConnection conn, SqliteTransaction tx, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
