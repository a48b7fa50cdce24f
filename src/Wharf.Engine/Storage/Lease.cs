namespace Wharf.Engine.Storage;

/// <summary>The keys one operation holds; disposing releases them all.</summary>
internal sealed class Lease(LeaseSet set) : IDisposable
{
    readonly List<string> _keys = [];

    public void Add(string key)
    {
        set.Add(key);
        lock (_keys) _keys.Add(key);
    }

    public void Dispose()
    {
        lock (_keys)
        {
            foreach (var key in _keys) set.Remove(key);
            _keys.Clear();
        }
    }
}
