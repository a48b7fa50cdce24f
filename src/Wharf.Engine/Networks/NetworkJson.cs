using System.Text.Json.Serialization;

namespace Wharf.Engine.Networks;

/// <summary>Source-generated JSON for the store's map and pool columns (NativeAOT has no reflection-based serializer).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<IpamPool>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<PortBinding>))]
internal sealed partial class NetworkJson : JsonSerializerContext;
