using System.Text;
using System.Text.Json;

namespace Wharf.Engine.Linux.Runtime;

/// <summary>
/// Turns runc's stderr (JSON log lines, as <c>--log-format json</c> asks) into an <see cref="EngineException"/> that
/// keeps runc's own words: the docker CLI reads them ("executable file not found" is exit 127, "permission denied" 126).
/// </summary>
internal static class RuncErrors
{
    public static EngineException From(string operation, string stderr)
    {
        var message = Message(stderr);
        if (message.Length == 0) message = $"runc {operation} failed";
        return new EngineException(Kind(message), message);
    }

    /// <summary>A missing container is NotFound; a container in the wrong state for the command (runc's words) a Conflict.</summary>
    static ErrorKind Kind(string message)
    {
        if (message.Contains("does not exist", StringComparison.Ordinal)) return ErrorKind.NotFound;
        string[] wrongState = ["not running", "not stopped", "is paused", "not paused", "container is stopped"];
        return wrongState.Any(s => message.Contains(s, StringComparison.Ordinal)) ? ErrorKind.Conflict : ErrorKind.Internal;
    }

    /// <summary>The error messages of the log lines, or the raw text of lines that are not JSON.</summary>
    public static string Message(string stderr)
    {
        var text = new StringBuilder();
        foreach (var raw in stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var line = Line(raw);
            if (line is null) continue;
            if (text.Length > 0) text.Append(": ");
            text.Append(line);
        }
        return text.ToString();
    }

    static string? Line(string raw)
    {
        if (!raw.StartsWith('{')) return raw;
        try
        {
            using var doc = JsonDocument.Parse(raw);
            var root = doc.RootElement;
            var level = root.TryGetProperty("level", out var l) ? l.GetString() : null;
            if (level is not ("error" or "fatal" or "panic")) return null;
            return root.TryGetProperty("msg", out var m) ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return raw;
        }
    }
}
