using System.Text.Json;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// Turns a failed CNI plugin call into an <see cref="EngineException"/> that keeps the plugin's own words: the spec's
/// error object (<c>{"code":N,"msg":"...","details":"..."}</c>) on stdout, else whatever the plugin wrote to stderr.
/// </summary>
internal static class CniErrors
{
    public static EngineException From(string plugin, string command, int exitCode, string stdout, string stderr)
    {
        var message = Message(stdout) ?? stderr.Trim();
        if (message.Length == 0) message = $"exit status {exitCode}";
        return new EngineException(ErrorKind.Internal, $"CNI plugin {plugin} {command} failed: {message}");
    }

    /// <summary>The error object's msg and details ("msg: details"), or null when stdout holds none.</summary>
    public static string? Message(string stdout)
    {
        var text = stdout.Trim();
        if (!text.StartsWith('{')) return null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("msg", out var msg) || msg.ValueKind != JsonValueKind.String) return null;
            var message = msg.GetString() ?? "";
            if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.String && details.GetString() is { Length: > 0 } d)
                message = message.Length == 0 ? d : message + ": " + d;
            return message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
