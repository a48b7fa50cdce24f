using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wharf.Engine;
using Wharf.Engine.Filters;

namespace Wharf.Server.Mapping;

/// <summary>
/// The <c>filters</c> query parameter -> <see cref="FilterSet"/>. Both shapes clients send are accepted:
/// the map form <c>{"label":{"a=1":true}}</c> (CLI) and the list form <c>{"label":["a=1"]}</c> (docker-py).
/// </summary>
internal static class FilterMapping
{
    public static FilterSet FromQuery(HttpRequest request) => Parse(request.Query["filters"].ToString());

    public static FilterSet Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return FilterSet.Empty;
        using var doc = ParseDocument(json);
        if (doc.RootElement.ValueKind == JsonValueKind.Null) return FilterSet.Empty;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw EngineException.Invalid($"invalid filters: expected a JSON object, got {json}");

        var values = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var key in doc.RootElement.EnumerateObject())
        {
            var set = new List<string>();
            switch (key.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    // dockerd keeps every value of the map form, whatever its boolean says.
                    foreach (var v in key.Value.EnumerateObject()) set.Add(v.Name);
                    break;
                case JsonValueKind.Array:
                    foreach (var v in key.Value.EnumerateArray())
                    {
                        if (v.ValueKind != JsonValueKind.String)
                            throw EngineException.Invalid($"invalid filters: the values of '{key.Name}' must be strings");
                        set.Add(v.GetString()!);
                    }
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    throw EngineException.Invalid($"invalid filters: '{key.Name}' must map to an object or a list of strings");
            }
            values[key.Name] = set;
        }
        return new FilterSet(values);
    }

    static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw EngineException.Invalid(e.Message);
        }
    }
}
