namespace Wharf.Api.Images;

/// <summary>One line of <c>GET /images/{name}/history</c> (swagger <c>HistoryResponseItem</c>); fields in dockerd's (alphabetical) wire order.</summary>
public sealed record ImageHistoryItem
{
    public string Comment { get; init; } = "";
    public long Created { get; init; }
    public string CreatedBy { get; init; } = "";
    public required string Id { get; init; }
    public long Size { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}
