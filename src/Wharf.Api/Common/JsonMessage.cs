using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Api.Common;

/// <summary>One message of a progress stream (pull, push, load, import, build), as the docker CLI renders them.</summary>
public sealed record JsonMessage
{
    [JsonPropertyName("stream"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Stream { get; init; }
    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; init; }
    [JsonPropertyName("progressDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ProgressDetail? ProgressDetail { get; init; }
    [JsonPropertyName("progress"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Progress { get; init; }
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonPropertyName("errorDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ErrorDetail? ErrorDetail { get; init; }
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
    [JsonPropertyName("aux"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Aux { get; init; }
}

/// <summary>Byte counters of one progress line; both absent means <c>{}</c>.</summary>
public sealed record ProgressDetail
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Current { get; init; }
    [JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Total { get; init; }
}

/// <summary>A failure inside a 200 progress stream.</summary>
public sealed record ErrorDetail
{
    [JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}
