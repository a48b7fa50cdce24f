using System.Text.Json.Serialization;

namespace Wharf.Engine.Containers;

/// <summary>Source-generated JSON for what the container store keeps as documents: the create spec, the health log and the network of a running container.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, IncludeFields = true)]
[JsonSerializable(typeof(ContainerCreateSpec))]
[JsonSerializable(typeof(HealthState))]
[JsonSerializable(typeof(Networks.ContainerNetworkSetup))]
internal sealed partial class ContainerJson : JsonSerializerContext;
