using System.Buffers;

namespace Wharf.Server.Mapping;

/// <summary>
/// Joins a command line the way dockerd shows it in a container summary: words made only of characters a shell takes
/// literally stay bare, any other word goes in single quotes (<c>sh -c 'echo a &amp;&amp; exit 3'</c>).
/// </summary>
internal static class ShellQuote
{
    static readonly SearchValues<char> Plain = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,");

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    public static string Quote(string word) =>
        word.Length == 0 ? "''"
        : !word.AsSpan().ContainsAnyExcept(Plain) ? word
        : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
