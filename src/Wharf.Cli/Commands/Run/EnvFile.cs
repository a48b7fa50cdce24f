using System.Text;

namespace Wharf.Cli.Commands.Run;

/// <summary>
/// docker's env and label files (<c>--env-file</c>, <c>--label-file</c>): one <c>KEY=value</c> a line, the value passed
/// through untrimmed and unquoted; blank lines and <c>#</c> comments skipped; a bare <c>KEY</c> takes the local
/// environment's value in an env file (and is dropped when unset); in a label file it is dropped.
/// </summary>
internal static class EnvFile
{
    const string Whitespace = " \t";

    /// <summary>The lines of an env file; <paramref name="lookup"/> reads the local environment.</summary>
    public static List<string> ReadEnv(string path, Func<string, string?> lookup) => Read(path, variable => lookup(variable) is { } value ? $"{variable}={value}" : null);

    /// <summary>The lines of a label file.</summary>
    public static List<string> ReadLabels(string path) => Read(path, _ => null);

    static List<string> Read(string path, Func<string, string?> bare)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"open {path}: no such file or directory", 125);
        }
        var lines = new List<string>();
        var number = 0;
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var raw in SplitLines(bytes))
        {
            number++;
            string text;
            try { text = strict.GetString(raw); }
            catch (DecoderFallbackException) { throw new CliException($"env file {path} contains invalid utf8 bytes at line {number}", 125); }
            if (number == 1) text = text.TrimStart('\uFEFF');
            var line = text.TrimStart();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var variable = (equals < 0 ? line : line[..equals]).TrimStart(Whitespace.ToCharArray());
            if (variable.AsSpan().IndexOfAny(Whitespace) >= 0)
                throw new CliException($"poorly formatted environment: variable '{variable}' contains whitespaces", 125);
            if (variable.Length == 0)
                throw new CliException($"poorly formatted environment: no variable name on line '{line}'", 125);
            if (equals >= 0) lines.Add($"{variable}={line[(equals + 1)..]}");
            else if (bare(variable) is { } entry) lines.Add(entry);
        }
        return lines;
    }

    static IEnumerable<byte[]> SplitLines(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != '\n') continue;
            var end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
            if (i < bytes.Length || end > start) yield return bytes[start..end];
            start = i + 1;
        }
    }
}
