using System.Text.Json.Serialization;

namespace Wharf.Api.Common;

/// <summary>Every error body: <c>{"message":"…"}</c>.</summary>
public sealed record ErrorResponse([property: JsonPropertyName("message")] string Message);
