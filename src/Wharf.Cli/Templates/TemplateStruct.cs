namespace Wharf.Cli.Templates;

/// <summary>
/// A Go struct in a template's data, for output the docker CLI renders over its own types (<c>version</c>, the rows of
/// its lists): templates reach its fields by their Go names and an unknown one is an error naming the type, while
/// <c>json</c> writes them in declaration order under their tags, leaving out the empty ones marked omitempty.
/// </summary>
internal sealed class TemplateStruct
{
    readonly TemplateField[]? _fields;
    readonly string[] _names;
    readonly Func<string, object?>? _read;

    public TemplateStruct(string typeName, params TemplateField[] fields)
    {
        TypeName = typeName;
        _fields = fields;
        _names = Array.ConvertAll(fields, f => f.Name);
    }

    /// <summary>
    /// A struct whose field values are computed when a template reads them, as the docker CLI's list contexts compute
    /// theirs in methods: a table shows a few of a context's fields, and the rest would cost time per row for nothing.
    /// </summary>
    /// <param name="names">The fields, in the order they print and marshal.</param>
    /// <param name="read">The value of one of <paramref name="names"/>.</param>
    public TemplateStruct(string typeName, string[] names, Func<string, object?> read)
    {
        TypeName = typeName;
        _names = names;
        _read = read;
        FieldsAreMethods = true;
    }

    /// <summary>The Go type, as error messages name it: <c>system.clientVersion</c>, <c>*types.Version</c>.</summary>
    public string TypeName { get; }

    /// <summary>Every field with its value (a computed struct computes them all).</summary>
    public IReadOnlyList<TemplateField> Fields => _fields ?? Array.ConvertAll(_names, n => new TemplateField(n, _read!(n)));

    /// <summary>
    /// The fields are methods without parameters, as in the docker CLI's formatter contexts (<c>ID()</c>), rather than a
    /// plain struct's fields: arguments given to one are then a wrong count of arguments, not a field's error.
    /// </summary>
    public bool FieldsAreMethods { get; init; }

    /// <summary>The struct's methods that take arguments (<c>.Label "k"</c>), when its type has any.</summary>
    public ITemplateMethods? Methods { get; init; }

    public bool TryGetField(string name, out object? value)
    {
        var index = Array.IndexOf(_names, name);
        value = index < 0 ? null : _fields is not null ? _fields[index].Value : _read!(name);
        return index >= 0;
    }
}

/// <summary>
/// A nil pointer to a struct (Go's <c>(*T)(nil)</c>): it prints <c>&lt;nil&gt;</c>, marshals as null and is false. Reading
/// one of its type's fields is Go's nil-pointer error; a name its type lacks is the usual can't-evaluate error.
/// </summary>
internal sealed class TemplateNil(string typeName, params string[] fields)
{
    /// <summary>The pointer type, as error messages name it: <c>*system.platformInfo</c>.</summary>
    public string TypeName => typeName;

    public bool HasField(string name) => Array.IndexOf(fields, name) >= 0;
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

    public TemplateMap(IEnumerable<KeyValuePair<string, object?>> entries) : this([.. entries])
    {
    }

    TemplateMap(KeyValuePair<string, object?>[] entries)
    {
        _entries = entries;
        Array.Sort(_entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
    }

    /// <summary>A <c>map[string]string</c>. (A loop: LINQ over a dictionary makes NativeAOT resolve generic methods at run time.)</summary>
    public static TemplateMap Of(IReadOnlyDictionary<string, string> map)
    {
        var entries = new KeyValuePair<string, object?>[map.Count];
        var i = 0;
        foreach (var (key, value) in map) entries[i++] = new(key, value);
        return new TemplateMap(entries);
    }

    /// <summary>The keys of <paramref name="map"/> in Go's order (sorted), as a struct's field names made of a context's titles.</summary>
    public static string[] SortedKeys(IReadOnlyDictionary<string, string> map)
    {
        var keys = new string[map.Count];
        var i = 0;
        foreach (var key in map.Keys) keys[i++] = key;
        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
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
