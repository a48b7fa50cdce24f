namespace Wharf.Api.Images;

/// <summary>One entry of <c>GET /images/json</c> (and of <c>/system/df</c>); fields in dockerd's (alphabetical) wire order.</summary>
public sealed record ImageSummary
{
    public int Containers { get; init; } = -1;
    public long Created { get; init; }
    public required string Id { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string ParentId { get; init; } = "";
    public IReadOnlyList<string>? RepoDigests { get; init; }
    public IReadOnlyList<string>? RepoTags { get; init; }
    public long SharedSize { get; init; } = -1;
    public long Size { get; init; }
    public long VirtualSize { get; init; }
}
