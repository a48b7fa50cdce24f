using System.Text.Json.Serialization;

namespace Wharf.Engine.Images;

/// <summary>One entry of a docker-archive's <c>manifest.json</c>.</summary>
internal sealed record DockerArchiveManifest
{
    public string Config { get; init; } = "";
    public List<string>? RepoTags { get; init; }
    public List<string> Layers { get; init; } = [];
}

/// <summary>An OCI content descriptor (also the Docker schema 2 one).</summary>
internal sealed record OciDescriptor
{
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; }
    [JsonPropertyName("digest")] public string Digest { get; init; } = "";
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("platform")] public OciPlatform? Platform { get; init; }
}

/// <summary>The platform of an index entry.</summary>
internal sealed record OciPlatform
{
    [JsonPropertyName("architecture")] public string? Architecture { get; init; }
    [JsonPropertyName("os")] public string? Os { get; init; }
    [JsonPropertyName("variant")] public string? Variant { get; init; }
}

/// <summary>An OCI image index (<c>index.json</c>) or Docker manifest list; also read as a manifest, as both share a shape.</summary>
internal sealed record OciIndexOrManifest
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; }
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; }
    [JsonPropertyName("manifests")] public List<OciDescriptor>? Manifests { get; init; }
    [JsonPropertyName("config")] public OciDescriptor? Config { get; init; }
    [JsonPropertyName("layers")] public List<OciDescriptor>? Layers { get; init; }
}

/// <summary>The v1 <c>json</c> file of one layer directory in a legacy docker-archive.</summary>
internal sealed record LegacyLayerJson
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("parent")] public string? Parent { get; init; }
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }
    [JsonPropertyName("container_config")] public RunConfig ContainerConfig { get; init; } = new();
    [JsonPropertyName("architecture")] public string? Architecture { get; init; }
    [JsonPropertyName("config")] public RunConfig? Config { get; init; }
    [JsonPropertyName("os")] public string Os { get; init; } = "linux";
}
