using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers.Exec;

/// <summary>Exec sessions: create in a running container, start (streams), inspect, resize.</summary>
public interface IExecService
{
    /// <summary>Returns the new exec id (64 hex).</summary>
    Task<string> CreateAsync(string container, ExecCreateRequest request, CancellationToken ct);

    Task<ExecStartResult> StartAsync(string execId, bool detach, CancellationToken ct);

    Task<ExecView> InspectAsync(string execId, CancellationToken ct);

    Task ResizeAsync(string execId, TerminalSize size, CancellationToken ct);
}
