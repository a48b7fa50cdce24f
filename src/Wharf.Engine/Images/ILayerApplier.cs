namespace Wharf.Engine.Images;

/// <summary>
/// Unpacks one layer tar into a directory in overlayfs form: whiteouts become 0:0 character devices, opaque
/// directories get <c>trusted.overlay.opaque=y</c>. Implemented in Engine.Linux; never writes outside
/// <c>targetDir</c>.
/// </summary>
public interface ILayerApplier
{
    /// <summary>Applies an uncompressed tar stream; returns the bytes the files take once unpacked.</summary>
    Task<long> ApplyAsync(Stream tar, string targetDir, CancellationToken ct);
}
