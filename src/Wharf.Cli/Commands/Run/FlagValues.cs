namespace Wharf.Cli.Commands.Run;

/// <summary>The small value rules of run/create flags: env entries, labels, key=value lists, tmpfs mounts, capability names.</summary>
internal static class FlagValues
{
    /// <summary>docker's ValidateEnv: "A=b" as is; a bare "A" takes the local value when there is one.</summary>
    public static string EnvEntry(string entry, Func<string, string?> env, string verb)
    {
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        if (equals == 0) throw FlagError.Invalid(entry, "-e, --env", $"invalid environment variable: {entry}", verb);
        if (equals > 0) return entry;
        return env(entry) is { } value ? $"{entry}={value}" : entry;
    }

    public static void AddLabels(Dictionary<string, string> labels, IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0) labels[entry] = "";
            else labels[entry[..equals]] = entry[(equals + 1)..];
        }
    }

    public static Dictionary<string, string>? Pairs(string[]? entries, string flag, string verb)
    {
        if (entries is null || entries.Length == 0) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw FlagError.Invalid(entry, flag, $"invalid key value pair format: {entry}", verb);
            map[entry[..equals]] = entry[(equals + 1)..];
        }
        return map;
    }

    public static Dictionary<string, string>? Tmpfs(string[]? entries)
    {
        if (entries is null || entries.Length == 0) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) map[entry] = "";
            else map[entry[..colon]] = entry[(colon + 1)..];
        }
        return map;
    }

    /// <summary>docker's capability names: upper case with a CAP_ prefix, except ALL; duplicates dropped.</summary>
    public static List<string>? Capabilities(string[]? names)
    {
        if (names is null || names.Length == 0) return null;
        return [.. names.Select(n => n.ToUpperInvariant()).Select(n => n == "ALL" || n.StartsWith("CAP_", StringComparison.Ordinal) ? n : "CAP_" + n).Distinct(StringComparer.Ordinal)];
    }
}
