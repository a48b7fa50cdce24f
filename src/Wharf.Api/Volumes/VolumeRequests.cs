namespace Wharf.Api.Volumes;

/// <summary>The body of <c>POST /volumes/create</c> (swagger <c>VolumeCreateOptions</c>).</summary>
public sealed record VolumeCreateOptions
{
    public string? Name { get; init; }
    public string? Driver { get; init; }
    public Dictionary<string, string>? DriverOpts { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>The body of <c>GET /volumes</c>: dockerd always sends <c>"Warnings":null</c> for local volumes.</summary>
public sealed record VolumeListResponse(IReadOnlyList<Volume> Volumes, IReadOnlyList<string>? Warnings);

/// <summary>The body of <c>POST /volumes/prune</c>.</summary>
public sealed record VolumePruneResponse(IReadOnlyList<string>? VolumesDeleted, long SpaceReclaimed);
