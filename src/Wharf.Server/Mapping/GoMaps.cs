namespace Wharf.Server.Mapping;

/// <summary>Go's JSON encoder writes a map's keys in sorted order; the maps of the wire types are made in that order.</summary>
internal static class GoMaps
{
    /// <summary>A copy of <paramref name="map"/> that enumerates its keys in ordinal order.</summary>
    public static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> map)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map) sorted[key] = value;
        return sorted;
    }
}
