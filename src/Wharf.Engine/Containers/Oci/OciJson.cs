using System.Text.Json.Serialization;

namespace Wharf.Engine.Containers.Oci;

/// <summary>Source-generated JSON for <c>config.json</c> and exec process files: lower-camel names, nulls omitted, as the runtime spec writes them.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(OciSpec))]
[JsonSerializable(typeof(OciProcess))]
internal sealed partial class OciJson : JsonSerializerContext;
