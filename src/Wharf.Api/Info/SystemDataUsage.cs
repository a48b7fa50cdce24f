using System.Text.Json;
using Wharf.Api.Images;

namespace Wharf.Api.Info;

/// <summary>The body of <c>GET /system/df</c>; the container, volume and build-cache parts are filled as those subsystems arrive.</summary>
public sealed record SystemDataUsage
{
    public long LayersSize { get; init; }
    public required IReadOnlyList<ImageSummary> Images { get; init; }
    public IReadOnlyList<JsonElement> Containers { get; init; } = [];
    public IReadOnlyList<JsonElement> Volumes { get; init; } = [];
    public IReadOnlyList<JsonElement>? BuildCache { get; init; }
    public long BuilderSize { get; init; }
}
