using System.Text.Json.Serialization;
using Wharf.Api.Common;

namespace Wharf.Api.Images;

/// <summary>The body of <c>GET /images/{name}/json</c>.</summary>
public sealed record ImageInspect
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> RepoTags { get; init; }
    public required IReadOnlyList<string> RepoDigests { get; init; }
    public string Parent { get; init; } = "";
    public string Comment { get; init; } = "";
    /// <summary>RFC 3339 with nanoseconds, as Go prints it.</summary>
    public required string Created { get; init; }
    public string Container { get; init; } = "";
    public ContainerConfig? ContainerConfig { get; init; }
    public string DockerVersion { get; init; } = "";
    public string Author { get; init; } = "";
    public ContainerConfig? Config { get; init; }
    public required string Architecture { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Variant { get; init; }
    public required string Os { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? OsVersion { get; init; }
    public long Size { get; init; }
    public long VirtualSize { get; init; }
    public required GraphDriverData GraphDriver { get; init; }
    public required ImageRootFs RootFS { get; init; }
    public required ImageMetadata Metadata { get; init; }
}

/// <summary>The storage driver and its paths for one image or container; dockerd sends <c>Data</c> first.</summary>
public sealed record GraphDriverData(
    [property: JsonPropertyOrder(1)] string Name,
    [property: JsonPropertyOrder(0)] IReadOnlyDictionary<string, string> Data);

/// <summary>The image's layers as diff ids.</summary>
public sealed record ImageRootFs(string Type, IReadOnlyList<string> Layers);

/// <summary>Local facts about the image: when it was last tagged (Go's zero time when never).</summary>
public sealed record ImageMetadata(string LastTagTime);
