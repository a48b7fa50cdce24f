using Microsoft.AspNetCore.Http;

namespace Wharf.Server.Http;

/// <summary>dockerd's query-string conventions: loose booleans, repeated parameters, optional strings.</summary>
internal static class Query
{
    /// <summary>
    /// dockerd's rule: trim and lower-case, then <c>""</c>, <c>0</c>, <c>no</c>, <c>false</c>, <c>none</c> are false and
    /// anything else is true; a missing parameter is <paramref name="missing"/>.
    /// </summary>
    public static bool Bool(HttpRequest request, string name, bool missing = false) =>
        request.Query.TryGetValue(name, out var values) ? ParseBool(values.ToString()) : missing;

    public static bool ParseBool(string? value) => (value ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "0" or "no" or "false" or "none" => false,
        _ => true,
    };

    /// <summary>The value of a parameter, or null when it is missing or empty.</summary>
    public static string? String(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    /// <summary>Every value of a repeated parameter (<c>names=a&amp;names=b</c>), empty ones dropped.</summary>
    public static IReadOnlyList<string> All(HttpRequest request, string name) =>
        [.. request.Query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];
}
