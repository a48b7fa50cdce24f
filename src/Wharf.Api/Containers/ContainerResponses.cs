using System.Text.Json.Serialization;

namespace Wharf.Api.Containers;

/// <summary>The body of <c>POST /containers/{name}/wait</c>: <c>{"Error":null,"StatusCode":0}</c>.</summary>
public sealed record ContainerWaitResponse
{
    [JsonPropertyOrder(0)] public ContainerWaitExitError? Error { get; init; }
    [JsonPropertyOrder(1)] public long StatusCode { get; init; }
}

/// <summary>Why waiting failed, when it did.</summary>
public sealed record ContainerWaitExitError(string Message);

/// <summary>The body of <c>GET /containers/{name}/top</c>: rows and titles, all strings, in dockerd's key order; no row is <c>null</c>.</summary>
public sealed record ContainerTopResponse(
    [property: JsonPropertyOrder(1)] IReadOnlyList<string> Titles,
    [property: JsonPropertyOrder(0)] IReadOnlyList<IReadOnlyList<string>>? Processes);

/// <summary>One entry of <c>GET /containers/{name}/changes</c>: Kind 0 modified, 1 added, 2 deleted.</summary>
public sealed record ContainerChangeResponseItem(string Path, int Kind);

/// <summary>The body of <c>POST /containers/{name}/update</c>; null means "do not change".</summary>
public sealed record ContainerUpdateRequest
{
    public long? CpuShares { get; init; }
    public long? Memory { get; init; }
    public long? NanoCpus { get; init; }
    public int? BlkioWeight { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? CpuRealtimePeriod { get; init; }
    public long? CpuRealtimeRuntime { get; init; }
    public string? CpusetCpus { get; init; }
    public string? CpusetMems { get; init; }
    public long? KernelMemory { get; init; }
    public long? MemoryReservation { get; init; }
    public long? MemorySwap { get; init; }
    public long? PidsLimit { get; init; }
    public RestartPolicy? RestartPolicy { get; init; }
}

/// <summary>The answer to an update: <c>{"Warnings":null}</c> when there are none.</summary>
public sealed record ContainerUpdateResponse(IReadOnlyList<string>? Warnings);

/// <summary>The body of <c>POST /containers/prune</c>; <c>ContainersDeleted</c> is null when nothing was removed.</summary>
public sealed record ContainerPruneResponse(IReadOnlyList<string>? ContainersDeleted, long SpaceReclaimed);
