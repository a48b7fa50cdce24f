using System.Text.Json.Serialization;

namespace Wharf.Api.Events;

/// <summary>One event of <c>GET /events</c>; <c>status</c>, <c>id</c> and <c>from</c> are the pre-1.22 fields, set for container and image events only.</summary>
public sealed record EventMessage
{
    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; init; }
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonPropertyName("from"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? From { get; init; }
    public required string Type { get; init; }
    public required string Action { get; init; }
    public required EventActor Actor { get; init; }
    [JsonPropertyName("scope")] public string Scope { get; init; } = "local";
    [JsonPropertyName("time")] public long Time { get; init; }
    [JsonPropertyName("timeNano")] public long TimeNano { get; init; }
}

/// <summary>The object an event is about, with its attributes (labels, name, image, exitCode…).</summary>
public sealed record EventActor
{
    public required string ID { get; init; }
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
}
