namespace Wharf.Engine.Images;

/// <summary>One stored image with what the engine knows about it, for listing and inspecting.</summary>
public sealed record ImageView
{
    public required Digest Id { get; init; }
    /// <summary>Familiar names, such as <c>busybox:latest</c> or <c>host:5000/a/b:1</c>, sorted.</summary>
    public required IReadOnlyList<string> RepoTags { get; init; }
    /// <summary>Familiar name@digest pairs, such as <c>busybox@sha256:…</c>.</summary>
    public required IReadOnlyList<string> RepoDigests { get; init; }
    public Digest? Parent { get; init; }
    public required DateTimeOffset Created { get; init; }
    /// <summary>Sum of the unpacked sizes of the image's layers, in bytes.</summary>
    public required long Size { get; init; }
    public required ImageConfigFile Config { get; init; }
    public required IReadOnlyList<ChainId> Layers { get; init; }
    public DateTimeOffset? LastTagTime { get; init; }
    /// <summary>The overlay2 paths (<c>LowerDir</c>, <c>UpperDir</c>, <c>MergedDir</c>, <c>WorkDir</c>) for <c>GraphDriver.Data</c>.</summary>
    public required IReadOnlyDictionary<string, string> GraphDriverData { get; init; }
}
