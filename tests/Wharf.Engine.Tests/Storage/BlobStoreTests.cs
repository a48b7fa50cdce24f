using System.Security.Cryptography;
using System.Text;
using Wharf.Engine.Images;
using Wharf.Engine.Storage;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Storage;

public sealed class BlobStoreTests : IDisposable
{
    readonly TempDirectory _dir = new();

    [Fact]
    public async Task Stores_content_under_its_sha256_and_verifies_the_expected_digest()
    {
        var store = new BlobStore(_dir.Path);
        var leases = new LeaseSet();
        using var lease = leases.Begin();
        var data = Encoding.UTF8.GetBytes("hello blob");
        var expected = Digest.Sha256(Convert.ToHexStringLower(SHA256.HashData(data)));
        var (digest, size) = await store.WriteAsync(new MemoryStream(data), expected, lease, null, CancellationToken.None);
        Assert.Equal(expected, digest);
        Assert.Equal(data.Length, size);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "content", "sha256", expected.Hex)));
        Assert.True(leases.IsLeased(BlobStore.BlobKey(expected.Hex)));
        lease.Dispose();
        Assert.False(leases.IsLeased(BlobStore.BlobKey(expected.Hex)));
    }

    [Fact]
    public async Task A_digest_mismatch_keeps_nothing()
    {
        var store = new BlobStore(_dir.Path);
        using var lease = new LeaseSet().Begin();
        var wrong = Digest.Sha256(new string('0', 64));
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            store.WriteAsync(new MemoryStream("data"u8.ToArray()), wrong, lease, null, CancellationToken.None));
        Assert.StartsWith("digest mismatch: expected sha256:0000", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "content", "sha256")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "tmp")));
    }

    [Fact]
    public void Digest_parsing_is_strict()
    {
        Assert.True(Digest.TryParse("sha256:" + new string('a', 64), out _));
        Assert.False(Digest.TryParse("sha256:" + new string('A', 64), out _));
        Assert.False(Digest.TryParse("sha256:abc", out _));
        Assert.False(Digest.TryParse("md5:" + new string('a', 32), out _));
    }

    [Fact]
    public void Chain_ids_follow_the_OCI_definition()
    {
        var a = new DiffId(Digest.Sha256(new string('a', 64)));
        var b = new DiffId(Digest.Sha256(new string('b', 64)));
        var chains = ChainId.ForAll([a, b]);
        Assert.Equal(a.Digest, chains[0].Digest);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"sha256:{new string('a', 64)} sha256:{new string('b', 64)}")));
        Assert.Equal(expected, chains[1].Digest.Hex);
    }

    public void Dispose() => _dir.Dispose();
}
