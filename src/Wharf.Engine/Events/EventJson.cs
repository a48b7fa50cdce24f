using System.Text.Json.Serialization;

namespace Wharf.Engine.Events;

/// <summary>Source-generated JSON for the journal's attribute column (NativeAOT has no reflection-based serializer).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class EventJson : JsonSerializerContext;
