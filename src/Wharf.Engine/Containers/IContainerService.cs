using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Filters;

namespace Wharf.Engine.Containers;

/// <summary>Everything the API does with containers. Names are user input: full ids, names, unique id prefixes.</summary>
public interface IContainerService
{
    Task<ContainerCreateResult> CreateAsync(ContainerCreateSpec spec, CancellationToken ct);

    Task<StartOutcome> StartAsync(string name, CancellationToken ct);

    Task<StopOutcome> StopAsync(string name, StopRequest request, CancellationToken ct);

    Task RestartAsync(string name, int? timeout, CancellationToken ct);

    /// <summary>Sends <paramref name="signal"/> (default SIGKILL) to a running container.</summary>
    Task KillAsync(string name, string? signal, CancellationToken ct);

    Task PauseAsync(string name, CancellationToken ct);

    Task UnpauseAsync(string name, CancellationToken ct);

    /// <summary>Resolves the container now (404 before any byte is written); the handle's task completes at the condition.</summary>
    Task<WaitHandle> WaitAsync(string name, WaitCondition condition, CancellationToken ct);

    Task RenameAsync(string name, string newName, CancellationToken ct);

    Task ResizeAsync(string name, TerminalSize size, CancellationToken ct);

    /// <summary>Changes resources and/or the restart policy; returns warnings.</summary>
    Task<IReadOnlyList<string>> UpdateAsync(string name, ContainerUpdate update, CancellationToken ct);

    Task RemoveAsync(string name, RemoveRequest request, CancellationToken ct);

    Task<IReadOnlyList<ContainerSummaryView>> ListAsync(ContainerListRequest request, CancellationToken ct);

    Task<ContainerInspectView> InspectAsync(string name, bool size, CancellationToken ct);

    /// <summary>
    /// Attaches to the container's stdio. On a container that is not running yet, the streams connect when it is
    /// next started, after the runtime created it and before its process runs, so no output is lost.
    /// </summary>
    Task<AttachSession> AttachAsync(string name, CancellationToken ct);

    /// <summary>Resolves the container and validates the request now; entries are read as the caller enumerates.</summary>
    Task<ContainerLogs> LogsAsync(string name, LogRequest request, CancellationToken ct);

    Task<ContainerPruneResult> PruneAsync(FilterSet filters, CancellationToken ct);

    Task<IReadOnlyList<FileChange>> ChangesAsync(string name, CancellationToken ct);

    /// <summary>Makes an image of the container's filesystem and config (<c>docker commit</c>); returns the image id.</summary>
    Task<Images.Digest> CommitAsync(ContainerCommitRequest request, CancellationToken ct);

    /// <summary>Every container with its sizes, for <c>/system/df</c>.</summary>
    Task<IReadOnlyList<ContainerSummaryView>> DiskUsageAsync(CancellationToken ct);

    /// <summary>Connects a container to a network (now when it runs, at its next start otherwise).</summary>
    Task ConnectNetworkAsync(string container, string network, EndpointSettings settings, CancellationToken ct);

    /// <summary>Disconnects a container from a network.</summary>
    Task DisconnectNetworkAsync(string container, string network, bool force, CancellationToken ct);
}
