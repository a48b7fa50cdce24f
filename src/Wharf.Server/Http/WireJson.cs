using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Api;

namespace Wharf.Server.Http;

/// <summary>
/// The serializer settings of every response body: WharfJson's generated metadata with dockerd's escaping.
/// dockerd writes responses with <c>SetEscapeHTML(false)</c>, so <c>&lt;none&gt;:&lt;none&gt;</c> goes out as is.
/// </summary>
internal static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>A WharfJson context bound to <see cref="Options"/>; use its typed properties to serialise.</summary>
    public static WharfJson Context { get; } = (WharfJson)Options.TypeInfoResolver!;

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        // The context constructor makes itself the options' resolver.
        _ = new WharfJson(options);
        options.MakeReadOnly();
        return options;
    }
}
