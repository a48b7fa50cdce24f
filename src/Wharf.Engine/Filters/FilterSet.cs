namespace Wharf.Engine.Filters;

/// <summary>Docker's <c>filters</c>: each key holds a set of values; a request matches a key when it matches any value.</summary>
public sealed class FilterSet
{
    readonly Dictionary<string, HashSet<string>> _values;

    public FilterSet(IReadOnlyDictionary<string, IReadOnlyCollection<string>> values) =>
        _values = values.ToDictionary(kv => kv.Key, kv => new HashSet<string>(kv.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    public static FilterSet Empty { get; } = new(new Dictionary<string, IReadOnlyCollection<string>>());

    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>No key at all: everything matches.</summary>
    public bool IsEmpty => _values.Count == 0;

    public bool Contains(string key) => _values.ContainsKey(key);

    public IReadOnlyCollection<string> Get(string key) => _values.TryGetValue(key, out var v) ? v : [];

    /// <summary>Rejects keys the operation does not know, with dockerd's message.</summary>
    public void Validate(params string[] allowed)
    {
        foreach (var key in _values.Keys)
            if (Array.IndexOf(allowed, key) < 0)
                throw EngineException.Invalid($"Invalid filter '{key}'");
    }

    /// <summary>The single boolean value of a key such as <c>dangling</c>; null when absent.</summary>
    public bool? GetBool(string key)
    {
        var values = Get(key);
        if (values.Count == 0) return null;
        if (values.Count > 1) throw EngineException.Invalid($"Invalid filter '{key}'");
        return values.First().ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            var v => throw EngineException.Invalid($"Invalid filter '{key}={v}'"),
        };
    }

    /// <summary>Matches <c>label</c> values (<c>key</c> or <c>key=value</c>) against a label map: all must match.</summary>
    public bool MatchesLabels(string key, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var want in Get(key))
        {
            var eq = want.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? want : want[..eq];
            if (labels is null || !labels.TryGetValue(name, out var actual)) return false;
            if (eq >= 0 && actual != want[(eq + 1)..]) return false;
        }
        return true;
    }
}
