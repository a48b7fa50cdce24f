using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.Client;

/// <summary>Reads a stream of JSON documents separated by newlines (<c>\n</c> or <c>\r\n</c>), as events and progress streams send them.</summary>
internal static class JsonLines
{
    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream body, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var item = JsonSerializer.Deserialize(line, type);
            if (item is not null) yield return item;
        }
    }
}
