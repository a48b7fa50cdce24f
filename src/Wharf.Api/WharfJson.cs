using System.Text.Json.Serialization;
using Wharf.Api.Common;
using Wharf.Api.Containers;
using Wharf.Api.Events;
using Wharf.Api.Exec;
using Wharf.Api.Images;
using Wharf.Api.Info;
using Wharf.Api.Networks;
using Wharf.Api.Volumes;

namespace Wharf.Api;

/// <summary>The one source-generated JSON context for every wire type; the server, the client and the AOT CLI all use it.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(IdResponse))]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(ContainerConfig))]
[JsonSerializable(typeof(ImageSummary[]))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(ImageHistoryItem[]))]
[JsonSerializable(typeof(ImageDeleteResponseItem[]))]
[JsonSerializable(typeof(ImagePruneResponse))]
[JsonSerializable(typeof(SystemVersion))]
[JsonSerializable(typeof(SystemInfo))]
[JsonSerializable(typeof(SystemDataUsage))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, bool>>))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(ContainerSummary[]))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(ContainerWaitResponse))]
[JsonSerializable(typeof(ContainerTopResponse))]
[JsonSerializable(typeof(ContainerChangeResponseItem[]))]
[JsonSerializable(typeof(ContainerUpdateRequest))]
[JsonSerializable(typeof(ContainerUpdateResponse))]
[JsonSerializable(typeof(ContainerPruneResponse))]
[JsonSerializable(typeof(ContainerStats))]
[JsonSerializable(typeof(ExecConfig))]
[JsonSerializable(typeof(ExecStartConfig))]
[JsonSerializable(typeof(ExecInspect))]
[JsonSerializable(typeof(Volume))]
[JsonSerializable(typeof(VolumeCreateOptions))]
[JsonSerializable(typeof(VolumeListResponse))]
[JsonSerializable(typeof(VolumePruneResponse))]
[JsonSerializable(typeof(Network))]
[JsonSerializable(typeof(List<Network>))]
[JsonSerializable(typeof(Wharf.Api.Networks.NetworkCreateRequest))]
[JsonSerializable(typeof(NetworkCreateResponse))]
[JsonSerializable(typeof(NetworkPruneResponse))]
[JsonSerializable(typeof(NetworkConnectRequest))]
[JsonSerializable(typeof(NetworkDisconnectRequest))]
public sealed partial class WharfJson : JsonSerializerContext;
