using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Logs;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;

using WaitHandle = Wharf.Engine.Containers.WaitHandle;

namespace Wharf.Server.Tests.ContainerEndpoints;

/// <summary>A container service that records what the endpoints asked and answers with settable results; unknown names are 404.</summary>
public sealed class FakeContainerService : IContainerService
{
    public static readonly ContainerId KnownId = ContainerId.Parse(new string('a', 64));
    public const string KnownName = "web";

    public List<string> Calls { get; } = [];
    public ContainerCreateSpec? Created { get; private set; }
    public StopRequest? Stopped { get; private set; }
    public RemoveRequest? Removed { get; private set; }
    public ContainerListRequest? Listed { get; private set; }
    public LogRequest? LogsAsked { get; private set; }
    public StartOutcome StartOutcome { get; set; } = StartOutcome.Started;
    public StopOutcome StopOutcome { get; set; } = StopOutcome.Stopped;
    public TaskCompletionSource<WaitResult> Wait { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public IReadOnlyList<LogEntry> Logs { get; set; } = [];
    public bool Tty { get; set; }
    /// <summary>The host settings inspect reports (the access-control tests make the container privileged).</summary>
    public HostSettings? InspectHost { get; set; }

    public static ContainerRecord Record(ContainerStatus status = ContainerStatus.Running) => new()
    {
        Id = KnownId,
        Name = KnownName,
        Created = new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero),
        ImageId = Digest.Sha256(new string('b', 64)),
        ImageName = "busybox",
        Spec = new ContainerCreateSpec { Image = "busybox", Config = new RunConfig { Cmd = ["sh", "-c", "sleep 9"], Labels = new() { ["k"] = "v" } } },
        Paths = new ContainerPaths("/data/containers/a", "/run/containers/a", "/data/containers/a/container.log"),
        State = new ContainerState { Status = status, Pid = 42, StartedAt = new DateTimeOffset(2026, 11, 30, 7, 0, 1, TimeSpan.Zero) },
    };

    void Resolve(string name, string call)
    {
        Calls.Add($"{call} {name}");
        if (name != KnownName && name != KnownId.Value) throw EngineException.NotFound($"No such container: {name}");
    }

    public Task<ContainerCreateResult> CreateAsync(ContainerCreateSpec spec, CancellationToken ct)
    {
        Created = spec;
        return Task.FromResult(new ContainerCreateResult(KnownId, []));
    }

    public Task<StartOutcome> StartAsync(string name, CancellationToken ct) { Resolve(name, "start"); return Task.FromResult(StartOutcome); }

    public Task<StopOutcome> StopAsync(string name, StopRequest request, CancellationToken ct)
    {
        Resolve(name, "stop");
        Stopped = request;
        return Task.FromResult(StopOutcome);
    }

    public Task RestartAsync(string name, int? timeout, CancellationToken ct) { Resolve(name, $"restart t={timeout}"); return Task.CompletedTask; }
    public Task KillAsync(string name, string? signal, CancellationToken ct) { Resolve(name, $"kill {signal}"); return Task.CompletedTask; }
    public Task PauseAsync(string name, CancellationToken ct) { Resolve(name, "pause"); return Task.CompletedTask; }
    public Task UnpauseAsync(string name, CancellationToken ct) { Resolve(name, "unpause"); return Task.CompletedTask; }

    public Task<WaitHandle> WaitAsync(string name, WaitCondition condition, CancellationToken ct)
    {
        Resolve(name, $"wait {condition}");
        return Task.FromResult(new WaitHandle(KnownId, Wait.Task));
    }

    public Task RenameAsync(string name, string newName, CancellationToken ct) { Resolve(name, $"rename {newName}"); return Task.CompletedTask; }
    public Task ResizeAsync(string name, TerminalSize size, CancellationToken ct) { Resolve(name, $"resize {size.Height}x{size.Width}"); return Task.CompletedTask; }

    public ContainerUpdate? Updated { get; private set; }

    public Task<IReadOnlyList<string>> UpdateAsync(string name, ContainerUpdate update, CancellationToken ct)
    {
        Resolve(name, "update");
        Updated = update;
        return Task.FromResult<IReadOnlyList<string>>([]);
    }

    public Task RemoveAsync(string name, RemoveRequest request, CancellationToken ct)
    {
        Resolve(name, "remove");
        Removed = request;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ContainerSummaryView>> ListAsync(ContainerListRequest request, CancellationToken ct)
    {
        Listed = request;
        return Task.FromResult<IReadOnlyList<ContainerSummaryView>>([new ContainerSummaryView(Record(), "Up 2 seconds", null, null)]);
    }

    public Task<ContainerInspectView> InspectAsync(string name, bool size, CancellationToken ct)
    {
        Resolve(name, "inspect");
        var record = Record();
        return Task.FromResult(new ContainerInspectView
        {
            Container = record with { Spec = record.Spec with { Config = record.Spec.Config with { Tty = Tty }, Host = InspectHost ?? record.Spec.Host } },
            Path = "sh",
            Args = ["-c", "sleep 9"],
            ResolvConfPath = "/data/containers/a/resolv.conf",
            HostnamePath = "/data/containers/a/hostname",
            HostsPath = "/data/containers/a/hosts",
            GraphDriverData = new Dictionary<string, string> { ["MergedDir"] = "/m" },
            ExecIds = [],
        });
    }

    public Task<AttachSession> AttachAsync(string name, CancellationToken ct) =>
        throw new InvalidOperationException("attach needs a hijackable connection; the Kestrel tests cover it");

    public Task<ContainerLogs> LogsAsync(string name, LogRequest request, CancellationToken ct)
    {
        Resolve(name, "logs");
        LogsAsked = request;
        return Task.FromResult(new ContainerLogs(Tty, Entries()));
    }

    async IAsyncEnumerable<LogEntry> Entries()
    {
        foreach (var e in Logs)
        {
            await Task.Yield();
            yield return e;
        }
    }

    public Task<ContainerPruneResult> PruneAsync(FilterSet filters, CancellationToken ct) =>
        Task.FromResult(new ContainerPruneResult([], 0));

    public Task<IReadOnlyList<FileChange>> ChangesAsync(string name, CancellationToken ct)
    {
        Resolve(name, "changes");
        return Task.FromResult<IReadOnlyList<FileChange>>([new FileChange("/tmp", FileChangeKind.Modified), new FileChange("/tmp/new", FileChangeKind.Added)]);
    }

    /// <summary>The last commit asked for.</summary>
    public ContainerCommitRequest? Committed { get; private set; }

    public Task<Digest> CommitAsync(ContainerCommitRequest request, CancellationToken ct)
    {
        Resolve(request.Container, "commit");
        Committed = request;
        return Task.FromResult(Digest.Sha256(new string('c', 64)));
    }

    /// <summary>What <c>/system/df</c> lists.</summary>
    public IReadOnlyList<ContainerSummaryView> DiskUsage { get; set; } = [];

    public Task<IReadOnlyList<ContainerSummaryView>> DiskUsageAsync(CancellationToken ct) => Task.FromResult(DiskUsage);

    public List<string> NetworkCalls { get; } = [];

    public Task ConnectNetworkAsync(string container, string network, EndpointSettings settings, CancellationToken ct)
    {
        NetworkCalls.Add($"connect {container} {network} [{string.Join(',', settings.Aliases)}] {settings.IPv4Address}");
        return Task.CompletedTask;
    }

    public Task DisconnectNetworkAsync(string container, string network, bool force, CancellationToken ct)
    {
        NetworkCalls.Add($"disconnect {container} {network} {force}");
        return Task.CompletedTask;
    }
}
