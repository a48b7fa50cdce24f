using System.Text.Json.Serialization;

namespace Wharf.Api.Images;

/// <summary>One line of an image delete or prune result: <c>{"Untagged":…}</c> or <c>{"Deleted":…}</c>.</summary>
public sealed record ImageDeleteResponseItem
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Untagged { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Deleted { get; init; }
}
