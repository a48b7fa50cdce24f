using System.Text;
using System.Text.Json;

namespace Wharf.Engine.Images;

/// <summary>
/// The Dockerfile instructions <c>docker import -c</c> and <c>docker commit -c</c> accept, applied to a run config as
/// dockerd's <c>BuildFromConfig</c> does: CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER,
/// VOLUME, WORKDIR.
/// </summary>
internal static class ImportChanges
{
    public static RunConfig Apply(RunConfig config, IReadOnlyList<string> changes)
    {
        // dockerd splits each change into lines, as one Dockerfile; empty lines and comments do nothing.
        foreach (var raw in changes.SelectMany(c => c.Split('\n')))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var space = line.IndexOfAny([' ', '\t']);
            var instruction = (space < 0 ? line : line[..space]).ToLowerInvariant();
            var rest = space < 0 ? "" : line[(space + 1)..].Trim();
            config = instruction switch
            {
                "cmd" => config with { Cmd = CommandForm(rest) },
                "entrypoint" => config with { Entrypoint = CommandForm(rest) },
                "env" => config with { Env = MergeEnv(config.Env, KeyValues(rest, "ENV")) },
                "label" => config with { Labels = MergeLabels(config.Labels, KeyValues(rest, "LABEL")) },
                "expose" => config with { ExposedPorts = Expose(config.ExposedPorts, rest) },
                "onbuild" => config with { OnBuild = [.. config.OnBuild ?? [], OnBuild(rest)] },
                "stopsignal" => config with { StopSignal = Required(rest, "STOPSIGNAL") },
                "user" => config with { User = Required(rest, "USER") },
                "workdir" => config with { WorkingDir = WorkDir(config.WorkingDir, Required(rest, "WORKDIR")) },
                "volume" => config with { Volumes = Volumes(config.Volumes, rest) },
                "healthcheck" => config with { Healthcheck = Healthcheck(rest) },
                _ => throw EngineException.Invalid($"{instruction} is not a valid change command"),
            };
        }
        return config;
    }

    /// <summary>JSON form <c>["a","b"]</c> stays as is; shell form becomes <c>["/bin/sh","-c","…"]</c>.</summary>
    static List<string> CommandForm(string rest) =>
        TryJsonArray(rest) ?? ["/bin/sh", "-c", rest];

    static List<string>? TryJsonArray(string rest)
    {
        if (!rest.StartsWith('[')) return null;
        try
        {
            return JsonSerializer.Deserialize(rest, ImageJson.Default.ListString);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>HEALTHCHECK NONE</c> or <c>HEALTHCHECK [--interval=… --timeout=… --start-period=… --retries=…] CMD …</c>.</summary>
    static HealthConfig Healthcheck(string rest)
    {
        if (rest.Equals("none", StringComparison.OrdinalIgnoreCase)) return new HealthConfig { Test = ["NONE"] };
        var health = new HealthConfig();
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny([' ', '\t']);
            var flag = end < 0 ? rest : rest[..end];
            rest = end < 0 ? "" : rest[end..].TrimStart();
            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = eq < 0 ? (flag, "") : (flag[..eq], flag[(eq + 1)..]);
            health = name switch
            {
                "--interval" => health with { Interval = Nanos(value, name) },
                "--timeout" => health with { Timeout = Nanos(value, name) },
                "--start-period" => health with { StartPeriod = Nanos(value, name) },
                "--retries" => int.TryParse(value, out var n) && n >= 0
                    ? health with { Retries = n }
                    : throw EngineException.Invalid($"invalid argument \"{value}\" for {name}"),
                _ => throw EngineException.Invalid($"Unknown flag: {name[2..]}"),
            };
        }
        var space = rest.IndexOfAny([' ', '\t']);
        if (space < 0 || !rest[..space].Equals("cmd", StringComparison.OrdinalIgnoreCase))
            throw EngineException.Invalid("Unknown type \"" + (space < 0 ? rest : rest[..space]).ToUpperInvariant() + "\" in HEALTHCHECK (try CMD)");
        var command = rest[(space + 1)..].Trim();
        return health with { Test = TryJsonArray(command) is { } exec ? ["CMD", .. exec] : ["CMD-SHELL", command] };
    }

    static long Nanos(string value, string flag) =>
        FilterTime.TryParseDuration(value, out var d) && d >= TimeSpan.Zero
            ? d.Ticks * 100
            : throw EngineException.Invalid($"invalid argument \"{value}\" for {flag}");

    static string Required(string rest, string name) =>
        rest.Length > 0 ? Unquote(rest) : throw EngineException.Invalid($"{name} requires exactly one argument");

    static string OnBuild(string rest)
    {
        var trigger = rest.Split(' ', 2)[0].ToUpperInvariant();
        if (rest.Length == 0) throw EngineException.Invalid("ONBUILD requires at least one argument");
        if (trigger is "ONBUILD") throw EngineException.Invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        if (trigger is "FROM" or "MAINTAINER") throw EngineException.Invalid($"{trigger} isn't allowed as an ONBUILD trigger");
        return rest;
    }

    static string WorkDir(string? current, string dir) =>
        dir.StartsWith('/') || string.IsNullOrEmpty(current) ? (dir.StartsWith('/') ? dir : "/" + dir) : current.TrimEnd('/') + "/" + dir;

    /// <summary><c>ENV k=v k2="v 2"</c> or the legacy <c>ENV k v with spaces</c>.</summary>
    static List<KeyValuePair<string, string>> KeyValues(string rest, string name)
    {
        var words = Words(rest);
        if (words.Count == 0) throw EngineException.Invalid($"{name} requires at least one argument");
        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            if (words.Count < 2 && name == "ENV") throw EngineException.Invalid("ENV must have two arguments");
            var key = words[0];
            var value = rest[(rest.IndexOf(key, StringComparison.Ordinal) + key.Length)..].Trim();
            return [new(key, Unquote(value))];
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw EngineException.Invalid($"Syntax error - can't find = in \"{word}\". Must be of the form: name=value");
            pairs.Add(new(word[..eq], word[(eq + 1)..]));
        }
        return pairs;
    }

    static List<string> MergeEnv(List<string>? env, List<KeyValuePair<string, string>> pairs)
    {
        var result = new List<string>(env ?? []);
        foreach (var (key, value) in pairs)
        {
            var index = result.FindIndex(e => e == key || e.StartsWith(key + "=", StringComparison.Ordinal));
            if (index >= 0) result[index] = $"{key}={value}";
            else result.Add($"{key}={value}");
        }
        return result;
    }

    static Dictionary<string, string> MergeLabels(Dictionary<string, string>? labels, List<KeyValuePair<string, string>> pairs)
    {
        var result = new Dictionary<string, string>(labels ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in pairs) result[key] = value;
        return result;
    }

    static Dictionary<string, EmptyObject> Expose(Dictionary<string, EmptyObject>? ports, string rest)
    {
        var result = new Dictionary<string, EmptyObject>(ports ?? [], StringComparer.Ordinal);
        var words = Words(rest);
        if (words.Count == 0) throw EngineException.Invalid("EXPOSE requires at least one argument");
        foreach (var word in words)
        {
            var slash = word.IndexOf('/', StringComparison.Ordinal);
            var port = slash < 0 ? word : word[..slash];
            var proto = slash < 0 ? "tcp" : word[(slash + 1)..].ToLowerInvariant();
            if (!int.TryParse(port, out var n) || n is < 0 or > 65535 || proto is not ("tcp" or "udp" or "sctp"))
                throw EngineException.Invalid($"Invalid containerPort: {word}");
            result[$"{n}/{proto}"] = new EmptyObject();
        }
        return result;
    }

    static Dictionary<string, EmptyObject> Volumes(Dictionary<string, EmptyObject>? volumes, string rest)
    {
        var result = new Dictionary<string, EmptyObject>(volumes ?? [], StringComparer.Ordinal);
        var list = TryJsonArray(rest) ?? Words(rest);
        if (list.Count == 0) throw EngineException.Invalid("VOLUME requires at least one argument");
        foreach (var v in list)
        {
            if (v.Trim().Length == 0) throw EngineException.Invalid("VOLUME specified can not be an empty string");
            result[v.Trim()] = new EmptyObject();
        }
        return result;
    }

    /// <summary>Splits on whitespace outside quotes; quotes are removed and backslash escapes the next character.</summary>
    internal static List<string> Words(string s)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else if (c == '\\' && quote == '"' && i + 1 < s.Length) current.Append(s[++i]);
                else current.Append(c);
                continue;
            }
            if (c is ' ' or '\t')
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c is '"' or '\'') quote = c;
            else if (c == '\\' && i + 1 < s.Length) current.Append(s[++i]);
            else current.Append(c);
        }
        if (quote != '\0') throw EngineException.Invalid($"unexpected end of statement while looking for matching {quote}");
        if (inWord) words.Add(current.ToString());
        return words;
    }

    static string Unquote(string s)
    {
        var words = Words(s);
        return words.Count == 1 ? words[0] : s;
    }
}
