using System.Globalization;
using System.Text;
using System.Text.Json;
using Wharf.Api;

namespace Wharf.Client;

/// <summary>Builds a query string the way the Go client does: repeated keys allowed, values escaped, booleans as 1/0.</summary>
internal sealed class Query
{
    readonly StringBuilder _text = new();

    public Query Add(string key, string? value)
    {
        if (value is null) return this;
        _text.Append(_text.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public Query Add(string key, bool? value) => value is bool b ? Add(key, b ? "1" : "0") : this;

    public Query Add(string key, DateTimeOffset? value) => value is DateTimeOffset t ? Add(key, UnixTime(t)) : this;

    public Query AddFilters(IReadOnlyDictionary<string, IReadOnlyList<string>>? filters)
    {
        if (filters is null || filters.Count == 0) return this;
        var map = filters.ToDictionary(f => f.Key, f => f.Value.ToDictionary(v => v, _ => true, StringComparer.Ordinal), StringComparer.Ordinal);
        return Add("filters", JsonSerializer.Serialize(map, WharfJson.Default.DictionaryStringDictionaryStringBoolean));
    }

    public override string ToString() => _text.ToString();

    /// <summary>Seconds since the epoch with nanoseconds, as <c>docker events --since</c> sends them.</summary>
    internal static string UnixTime(DateTimeOffset t)
    {
        var ticks = t.UtcDateTime.Ticks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0) { seconds--; rest += TimeSpan.TicksPerSecond; }
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{rest * 100:D9}");
    }
}
