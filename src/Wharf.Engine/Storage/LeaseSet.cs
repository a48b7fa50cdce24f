namespace Wharf.Engine.Storage;

/// <summary>
/// Names (blob hexes, temp entries) that an operation in progress still needs, so that a concurrent garbage
/// collection leaves them alone. In-process only: after a restart nothing is in progress, so nothing is leased.
/// </summary>
internal sealed class LeaseSet
{
    readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    readonly Lock _gate = new();

    public Lease Begin() => new(this);

    public bool IsLeased(string key)
    {
        lock (_gate) return _counts.ContainsKey(key);
    }

    internal void Add(string key)
    {
        lock (_gate) _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    internal void Remove(string key)
    {
        lock (_gate)
        {
            var n = _counts.GetValueOrDefault(key) - 1;
            if (n <= 0) _counts.Remove(key);
            else _counts[key] = n;
        }
    }
}
