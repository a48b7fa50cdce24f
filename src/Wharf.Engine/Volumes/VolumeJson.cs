using System.Text.Json.Serialization;

namespace Wharf.Engine.Volumes;

/// <summary>Source-generated JSON for the store's label and option columns (NativeAOT has no reflection-based serializer).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class VolumeJson : JsonSerializerContext;
