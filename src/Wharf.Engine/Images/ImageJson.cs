using System.Text.Json.Serialization;

namespace Wharf.Engine.Images;

/// <summary>Source-generated JSON for the files the image store reads and writes (configs, manifests, indexes).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = false,
    Converters = [typeof(Formats.GoTimeJsonConverter)])]
[JsonSerializable(typeof(ImageConfigFile))]
[JsonSerializable(typeof(List<DockerArchiveManifest>))]
[JsonSerializable(typeof(OciIndexOrManifest))]
[JsonSerializable(typeof(LegacyLayerJson))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ImageJson : JsonSerializerContext;
