namespace Wharf.Cli.Templates;

/// <summary>
/// A Go struct in a template's data, for output the docker CLI renders over its own types (<c>version</c>): templates
/// reach its fields by their Go names and an unknown one is an error naming the type, while <c>json</c> writes them in
/// declaration order under their tags, leaving out the empty ones marked omitempty.
/// </summary>
internal sealed class TemplateStruct(string typeName, params TemplateField[] fields)
{
    /// <summary>The Go type, as error messages name it: <c>system.clientVersion</c>, <c>*types.Version</c>.</summary>
    public string TypeName => typeName;

    public IReadOnlyList<TemplateField> Fields => fields;

    public bool TryGetField(string name, out object? value)
    {
        foreach (var field in fields)
        {
            if (field.Name != name) continue;
            value = field.Value;
            return true;
        }
        value = null;
        return false;
    }
}

/// <summary>One field of a <see cref="TemplateStruct"/>: its Go name and value, and its JSON tag (name and omitempty).</summary>
internal sealed class TemplateField(string name, object? value, string? jsonName = null, bool omitEmpty = false)
{
    public string Name => name;

    public object? Value => value;

    /// <summary>The key json.Marshal writes: the tag's name, else the field's.</summary>
    public string JsonName => jsonName ?? name;

    public bool OmitEmpty => omitEmpty;
}

/// <summary>A Go map with string keys (<c>map[string]string</c>), kept in key order: Go prints, ranges over and marshals maps sorted.</summary>
internal sealed class TemplateMap
{
    readonly KeyValuePair<string, object?>[] _entries;

    public TemplateMap(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        _entries = [.. entries];
        Array.Sort(_entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
    }

    public int Count => _entries.Length;

    /// <summary>The entries, sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Entries => _entries;

    public bool TryGetValue(string key, out object? value)
    {
        foreach (var (k, v) in _entries)
        {
            if (k != key) continue;
            value = v;
            return true;
        }
        value = null;
        return false;
    }
}
