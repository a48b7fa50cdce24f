using System.Text.Json.Serialization;

namespace Wharf.Engine.Containers;

/// <summary>Source-generated JSON for what the container store keeps as documents: the create spec and the health log.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, IncludeFields = true)]
[JsonSerializable(typeof(ContainerCreateSpec))]
[JsonSerializable(typeof(HealthState))]
internal sealed partial class ContainerJson : JsonSerializerContext;
