using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Engine.Formats;

/// <summary>Writes times in image configs as Go's RFC 3339 with nanoseconds, as every other engine writes them.</summary>
public sealed class GoTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(GoTime.Rfc3339Nano(value));
}
