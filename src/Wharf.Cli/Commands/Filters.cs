namespace Wharf.Cli.Commands;

/// <summary>Parses repeated <c>--filter key=value</c> flags into the daemon's filter map, with the docker CLI's error text.</summary>
internal static class Filters
{
    public static Dictionary<string, IReadOnlyList<string>>? Parse(IEnumerable<string>? values)
    {
        Dictionary<string, List<string>>? map = null;
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new CliException($"bad format of filter (expected name=value)");
            map ??= new(StringComparer.Ordinal);
            var key = value[..eq].Trim().ToLowerInvariant();
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(value[(eq + 1)..].Trim());
        }
        return map?.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }
}
