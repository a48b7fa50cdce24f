using System.Text;

namespace Wharf.Engine.Images;

/// <summary>The digest of one uncompressed layer tar (the image config's <c>rootfs.diff_ids</c>).</summary>
public readonly record struct DiffId(Digest Digest)
{
    public override string ToString() => Digest.ToString();
}

/// <summary>The identity of a layer together with everything below it; two images share a layer directory only when they share its chain.</summary>
public readonly record struct ChainId(Digest Digest)
{
    /// <summary>chain(L0) = diff(L0); chain(Ln) = sha256(chain(Ln-1) + " " + diff(Ln)), as the OCI image spec defines.</summary>
    public static ChainId For(ChainId? parent, DiffId diff) =>
        parent is { } p ? new ChainId(Digest.Of(Encoding.ASCII.GetBytes($"{p.Digest} {diff.Digest}"))) : new ChainId(diff.Digest);

    public static IReadOnlyList<ChainId> ForAll(IEnumerable<DiffId> diffs)
    {
        var chain = new List<ChainId>();
        ChainId? parent = null;
        foreach (var diff in diffs)
        {
            var id = For(parent, diff);
            chain.Add(id);
            parent = id;
        }
        return chain;
    }

    public override string ToString() => Digest.ToString();
}
