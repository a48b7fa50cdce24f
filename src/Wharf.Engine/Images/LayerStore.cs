using Wharf.Engine.Storage;

namespace Wharf.Engine.Images;

/// <summary>
/// Unpacked layers at <c>&lt;root&gt;/overlay2/&lt;chain-hex&gt;/diff</c>, one directory per chain id. A layer is unpacked
/// into <c>&lt;root&gt;/tmp</c> first and renamed into place when complete, so a layer directory is never half-written.
/// </summary>
internal sealed class LayerStore
{
    readonly string _layerRoot;
    readonly string _tmpRoot;
    readonly ILayerApplier _applier;

    public LayerStore(string dataRoot, ILayerApplier applier)
    {
        _layerRoot = Path.Combine(dataRoot, "overlay2");
        _tmpRoot = Path.Combine(dataRoot, "tmp");
        _applier = applier;
        Directory.CreateDirectory(_layerRoot);
        Directory.CreateDirectory(_tmpRoot);
    }

    public string DirOf(ChainId chain) => Path.Combine(_layerRoot, chain.Digest.Hex);

    public string DiffDirOf(ChainId chain) => Path.Combine(DirOf(chain), "diff");

    /// <summary>Unpacks <paramref name="tar"/> as the layer <paramref name="chain"/>; returns its size as the applier measured it.</summary>
    public async Task<long> UnpackAsync(ChainId chain, Stream tar, Lease lease, CancellationToken ct)
    {
        var name = "layer-" + Guid.NewGuid().ToString("N");
        lease.Add(BlobStore.TempKey(name));
        var tmp = Path.Combine(_tmpRoot, name);
        try
        {
            Directory.CreateDirectory(Path.Combine(tmp, "diff"));
            var size = await _applier.ApplyAsync(tar, Path.Combine(tmp, "diff"), ct);
            var target = DirOf(chain);
            // A directory without a row is debris of a crash (rows are written only after this rename).
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.Move(tmp, target);
            return size;
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }

    public void Delete(ChainId chain) => DeleteDir(chain.Digest.Hex);

    public void DeleteDir(string hex)
    {
        var dir = Path.Combine(_layerRoot, hex);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    public IEnumerable<string> ListDirs() =>
        Directory.Exists(_layerRoot) ? Directory.EnumerateDirectories(_layerRoot).Select(Path.GetFileName).OfType<string>() : [];

    /// <summary>Removes everything under <c>tmp</c> that no operation in progress holds.</summary>
    public int CleanTemp(LeaseSet leases)
    {
        var removed = 0;
        if (!Directory.Exists(_tmpRoot)) return 0;
        foreach (var entry in Directory.EnumerateFileSystemEntries(_tmpRoot).ToList())
        {
            if (leases.IsLeased(BlobStore.TempKey(Path.GetFileName(entry)))) continue;
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
            removed++;
        }
        return removed;
    }

    /// <summary>Creates a leased scratch directory under <c>tmp</c> (for spooling an archive).</summary>
    public string CreateScratch(string prefix, Lease lease)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N");
        lease.Add(BlobStore.TempKey(name));
        var dir = Path.Combine(_tmpRoot, name);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
