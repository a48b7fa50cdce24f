using System.IO.Compression;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Images;

/// <summary>Turns a layer as it arrives (plain tar or gzip) into an uncompressed tar blob whose digest is the diff id.</summary>
internal static class LayerIngest
{
    /// <summary>
    /// Stores <paramref name="raw"/> decompressed; checks the decompressed digest against <paramref name="expectedDiff"/>
    /// (nothing kept on mismatch) and the raw bytes against <paramref name="rawDigest"/> when given.
    /// </summary>
    public static async Task<(DiffId DiffId, long TarSize)> StoreAsync(BlobStore blobs, Stream raw, Digest? rawDigest, DiffId? expectedDiff,
        Lease lease, Func<Digest, Exception>? onMismatch, CancellationToken ct)
    {
        using var hashing = rawDigest is null ? null : new HashingReadStream(raw);
        var peek = await PeekableStream.CreateAsync(hashing ?? raw, 6, ct);
        await using var tar = Decompressor(peek);
        var (digest, size) = await blobs.WriteAsync(tar, expectedDiff?.Digest, lease, onMismatch, ct);
        if (hashing is not null)
        {
            await hashing.DrainAsync(ct);
            if (hashing.Digest() != rawDigest)
                throw EngineException.Invalid($"invalid archive: layer content does not match its digest {rawDigest}");
        }
        return (new DiffId(digest), size);
    }

    static Stream Decompressor(PeekableStream peek)
    {
        var head = peek.Head;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b])) return new GZipStream(peek, CompressionMode.Decompress, leaveOpen: true);
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd]))
            throw EngineException.Invalid("unsupported layer compression: zstd (only uncompressed and gzip layers can be loaded)");
        if (head.StartsWith("BZh"u8)) throw EngineException.Invalid("unsupported layer compression: bzip2 (only uncompressed and gzip layers can be loaded)");
        if (head.StartsWith((ReadOnlySpan<byte>)[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))
            throw EngineException.Invalid("unsupported layer compression: xz (only uncompressed and gzip layers can be loaded)");
        return peek;
    }
}
