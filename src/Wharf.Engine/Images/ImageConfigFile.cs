using System.Text.Json.Serialization;

namespace Wharf.Engine.Images;

/// <summary>
/// An image configuration as the OCI and Docker image specs define it. The stored bytes are what the
/// image id hashes; this parsed form is only read, never re-serialised in place of them.
/// </summary>
public sealed record ImageConfigFile
{
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "amd64";
    [JsonPropertyName("os")] public string Os { get; init; } = "linux";
    [JsonPropertyName("os.version")] public string? OsVersion { get; init; }
    [JsonPropertyName("variant")] public string? Variant { get; init; }
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("comment")] public string? Comment { get; init; }
    [JsonPropertyName("docker_version")] public string? DockerVersion { get; init; }
    [JsonPropertyName("container")] public string? Container { get; init; }
    [JsonPropertyName("container_config")] public RunConfig? ContainerConfig { get; init; }
    [JsonPropertyName("parent")] public string? Parent { get; init; }
    [JsonPropertyName("config")] public RunConfig? Config { get; init; }
    [JsonPropertyName("rootfs")] public RootFs RootFs { get; init; } = new();
    [JsonPropertyName("history")] public List<HistoryRecord>? History { get; init; }
}

/// <summary>The layer list of an image config: <c>type</c> is always <c>layers</c>.</summary>
public sealed record RootFs
{
    [JsonPropertyName("type")] public string Type { get; init; } = "layers";
    [JsonPropertyName("diff_ids")] public List<string> DiffIds { get; init; } = [];
}

/// <summary>One step of how the image was made; <c>empty_layer</c> steps added no layer.</summary>
public sealed record HistoryRecord
{
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("created_by")] public string? CreatedBy { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("comment")] public string? Comment { get; init; }
    [JsonPropertyName("empty_layer")] public bool? EmptyLayer { get; init; }
}
