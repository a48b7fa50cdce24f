using System.Security.Cryptography;
using Wharf.Engine.Images;

namespace Wharf.Engine.Storage;

/// <summary>
/// Content-addressed files at <c>&lt;root&gt;/content/sha256/&lt;hex&gt;</c>. A blob is written to <c>&lt;root&gt;/tmp</c>,
/// hashed while written, checked against the expected digest, fsync'd, and only then renamed into place, so a
/// blob that exists is always complete and correct.
/// </summary>
internal sealed class BlobStore
{
    readonly string _blobDir;
    readonly string _tmpDir;

    public BlobStore(string dataRoot)
    {
        _blobDir = System.IO.Path.Combine(dataRoot, "content", "sha256");
        _tmpDir = System.IO.Path.Combine(dataRoot, "tmp");
        Directory.CreateDirectory(_blobDir);
        Directory.CreateDirectory(_tmpDir);
    }

    public string PathOf(Digest digest) => System.IO.Path.Combine(_blobDir, digest.Hex);

    public bool Exists(Digest digest) => File.Exists(PathOf(digest));

    public FileStream OpenRead(Digest digest) =>
        new(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public async Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken ct) => await File.ReadAllBytesAsync(PathOf(digest), ct);

    /// <summary>
    /// Copies <paramref name="source"/> into a new blob and returns its digest and size. The blob is added to
    /// <paramref name="lease"/> before it becomes visible. When <paramref name="expected"/> is given and differs,
    /// nothing is kept and <paramref name="onMismatch"/> (or a generic digest error) is thrown.
    /// </summary>
    public async Task<(Digest Digest, long Size)> WriteAsync(Stream source, Digest? expected, Lease lease,
        Func<Digest, Exception>? onMismatch, CancellationToken ct)
    {
        var tmp = System.IO.Path.Combine(_tmpDir, "blob-" + Guid.NewGuid().ToString("N"));
        lease.Add(TempKey(System.IO.Path.GetFileName(tmp)));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
                try
                {
                    int n;
                    while ((n = await source.ReadAsync(buffer.AsMemory(0, buffer.Length), ct)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        await file.WriteAsync(buffer.AsMemory(0, n), ct);
                        size += n;
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            var actual = Digest.Sha256(Convert.ToHexStringLower(hash.GetHashAndReset()));
            if (expected is { } want && want != actual)
                throw onMismatch?.Invoke(actual) ?? EngineException.Invalid($"digest mismatch: expected {want}, got {actual}");
            lease.Add(BlobKey(actual.Hex));
            var target = PathOf(actual);
            if (File.Exists(target)) File.Delete(tmp);
            else File.Move(tmp, target, overwrite: true);
            return (actual, size);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Writes a small in-memory blob (a config) the same safe way.</summary>
    public async Task<Digest> WriteBytesAsync(byte[] content, Lease lease, CancellationToken ct)
    {
        using var ms = new MemoryStream(content, writable: false);
        return (await WriteAsync(ms, null, lease, null, ct)).Digest;
    }

    public IEnumerable<string> ListHex() =>
        Directory.Exists(_blobDir) ? Directory.EnumerateFiles(_blobDir).Select(System.IO.Path.GetFileName).OfType<string>() : [];

    public void Delete(string hex)
    {
        var path = System.IO.Path.Combine(_blobDir, hex);
        if (File.Exists(path)) File.Delete(path);
    }

    public static string BlobKey(string hex) => "blob:" + hex;

    public static string TempKey(string name) => "tmp:" + name;
}
