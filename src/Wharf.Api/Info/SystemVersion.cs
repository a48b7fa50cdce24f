using System.Text.Json.Serialization;

namespace Wharf.Api.Info;

/// <summary>The body of <c>GET /version</c>.</summary>
public sealed record SystemVersion
{
    public required VersionPlatform Platform { get; init; }
    public required IReadOnlyList<VersionComponent> Components { get; init; }
    public required string Version { get; init; }
    public required string ApiVersion { get; init; }
    public required string MinAPIVersion { get; init; }
    public required string GitCommit { get; init; }
    public required string GoVersion { get; init; }
    public required string Os { get; init; }
    public required string Arch { get; init; }
    public required string KernelVersion { get; init; }
    /// <summary>Omitted when false, as dockerd does (Go <c>omitempty</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Experimental { get; init; }
    public required string BuildTime { get; init; }
}

/// <summary>The product name shown as <c>Server: …</c> by <c>docker version</c>.</summary>
public sealed record VersionPlatform(string Name);

/// <summary>One component of the engine (Engine, runc, conmon…) and its details.</summary>
public sealed record VersionComponent(string Name, string Version, IReadOnlyDictionary<string, string>? Details);
