namespace Wharf.Server.Endpoints;

/// <summary>
/// Image names contain <c>/</c> and <c>:</c> unescaped (<c>/images/127.0.0.1:5000/a/b:1/json</c>), so each method
/// has one catch-all route and this matcher takes the known suffix off the end; the rest is the name.
/// </summary>
internal static class ImageRoute
{
    static readonly (string Suffix, ImageOperation Operation)[] GetSuffixes =
        [("/json", ImageOperation.Inspect), ("/history", ImageOperation.History), ("/get", ImageOperation.Export)];

    static readonly (string Suffix, ImageOperation Operation)[] PostSuffixes =
        [("/tag", ImageOperation.Tag), ("/push", ImageOperation.Push)];

    /// <summary>Matches the part after <c>/images/</c> for an HTTP method; false means 404.</summary>
    public static bool TryMatch(string method, string? rest, out ImageOperation operation, out string name)
    {
        operation = default;
        name = "";
        if (string.IsNullOrEmpty(rest)) return false;
        if (HttpMethodIs(method, "DELETE"))
        {
            operation = ImageOperation.Delete;
            name = rest;
            return !rest.EndsWith('/');
        }
        var table = HttpMethodIs(method, "GET") ? GetSuffixes : HttpMethodIs(method, "POST") ? PostSuffixes : [];
        foreach (var (suffix, op) in table)
        {
            if (rest.Length > suffix.Length && rest.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = rest[..^suffix.Length];
                if (name.EndsWith('/')) return false;
                operation = op;
                return true;
            }
        }
        return false;
    }

    static bool HttpMethodIs(string method, string expected) => string.Equals(method, expected, StringComparison.OrdinalIgnoreCase);
}
