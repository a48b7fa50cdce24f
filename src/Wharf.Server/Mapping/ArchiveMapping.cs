using System.Globalization;
using System.Text;
using System.Text.Json;
using Wharf.Engine.Containers.Archive;

namespace Wharf.Server.Mapping;

/// <summary>The <c>X-Docker-Container-Path-Stat</c> header: base64 of dockerd's <c>types.ContainerPathStat</c> JSON.</summary>
internal static class ArchiveMapping
{
    public const string PathStatHeader = "X-Docker-Container-Path-Stat";

    public static string ToPathStatHeader(PathStat stat)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            // Field order and names as dockerd writes them (encoding/json of ContainerPathStat).
            json.WriteStartObject();
            json.WriteString("name", stat.Name);
            json.WriteNumber("size", stat.Size);
            json.WriteNumber("mode", stat.Mode);
            json.WriteString("mtime", GoTime(stat.Mtime));
            json.WriteString("linkTarget", stat.LinkTarget);
            json.WriteEndObject();
        }
        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>Go's RFC 3339 with nanoseconds in UTC: the fraction's trailing zeros dropped, and no fraction at all when zero.</summary>
    public static string GoTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var text = new StringBuilder(utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        if (fraction.Length > 0) text.Append('.').Append(fraction);
        return text.Append('Z').ToString();
    }
}
