using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Bundles;
using Wharf.Engine.Containers.Exec;
using Wharf.Engine.Containers.Observe;
using Wharf.Engine.Containers.Logs;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Linux.Cgroups;
using Wharf.Engine.Linux.Layers;
using Wharf.Engine.Linux.Networks;
using Wharf.Engine.Networks;
using Wharf.Engine.Networks.Dns;
using LinuxProcessRunner = Wharf.Engine.Linux.Processes.ProcessRunner;
using Wharf.Engine.Linux.Rootfs;
using Wharf.Engine.Linux.Runtime;
using Wharf.Engine.Storage;
using Wharf.Engine.Linux.Volumes;
using Wharf.Engine.Volumes;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Containers;

/// <summary>
/// The real container engine on temp data and exec roots: image service with the tar applier, container service over
/// conmon/runc, overlayfs and the bundle builder, exec service and event bus. Disposing removes every container with
/// force and then sweeps whatever is left (mounts, cgroups, monitors, runc state, directories), even after a failure.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class EngineHarness : IAsyncDisposable
{
    public const string Image = "busybox:latest";

    readonly string _root;
    readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    readonly HashSet<int> _monitorPids = [];

    EngineHarness(string root)
    {
        _root = root;
        DataRoot = Path.Combine(root, "data");
        ExecRoot = Path.Combine(root, "exec");
        Directory.CreateDirectory(DataRoot);
        Directory.CreateDirectory(ExecRoot);
        // Its own default bridge and subnet: no test touches wharf0 or another harness's network.
        BridgeName = "wt" + Guid.NewGuid().ToString("N")[..6];
        Ipv4Subnet.TryParse($"10.{200 + Random.Shared.Next(50)}.{Random.Shared.Next(256)}.1/24", out var bip);
        NetworkOptions = new NetworkOptions { BridgeDevice = BridgeName, BridgeIp = bip };
    }

    public string BridgeName { get; }

    public NetworkOptions NetworkOptions { get; }

    public NetworkService Networks { get; private set; } = null!;

    public CniPlumbing Plumbing { get; private set; } = null!;

    public NetworkNameTable Names { get; private set; } = null!;

    public string DataRoot { get; }

    public string ExecRoot { get; }

    public WharfDatabase Database { get; private set; } = null!;

    public EventBus Events { get; private set; } = null!;

    public ImageService Images { get; private set; } = null!;

    public ContainerStore Store { get; private set; } = null!;

    public ConmonRuntime Runtime { get; private set; } = null!;

    public ContainerService Containers { get; private set; } = null!;
    public VolumeService Volumes { get; private set; } = null!;

    public ExecService Exec { get; private set; } = null!;

    public ContainerObserver Observer { get; private set; } = null!;

    /// <summary>A fresh engine on new temp roots with busybox imported as <see cref="Image"/>.</summary>
    public static async Task<EngineHarness> StartAsync(CancellationToken ct = default)
    {
        // /var/tmp: a real disk whatever /tmp is, so overlayfs gets an upper layer that supports its xattrs.
        var root = Directory.CreateDirectory(Path.Combine("/var/tmp", "wharf-engine-it-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        var harness = new EngineHarness(root);
        try
        {
            await harness.OpenAsync(ct);
            await using var rootfs = File.OpenRead(await BusyboxRootfs.GetAsync());
            await harness.Images.ImportAsync(rootfs, new ImageImportRequest("busybox", "latest", [], null, null), ct);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>Builds the services on the roots (again): a second call is a daemon restart; call <see cref="CloseAsync"/> first.</summary>
    public async Task OpenAsync(CancellationToken ct = default)
    {
        var time = TimeProvider.System;
        Database = new WharfDatabase(Path.Combine(DataRoot, "wharf.db"));
        Events = new EventBus(Database, time, NullLogger<EventBus>.Instance);
        await Events.InitializeAsync(ct);
        Store = new ContainerStore(Database);
        Images = new ImageService(new ImageStoreOptions(DataRoot), Database, new TarLayerApplier(NullLogger<TarLayerApplier>.Instance), Events,
            new ContainerImageUsers(Store), time, NullLogger<ImageService>.Instance);
        await Images.InitializeAsync(ct);
        Runtime = new ConmonRuntime(new ConmonRuntimeOptions(ExecRoot), new LinuxProcessRunner());
        var options = new ContainerOptions { DataRoot = DataRoot, ExecRoot = ExecRoot };
        Volumes = new VolumeService(new VolumeStore(Database, Path.Combine(DataRoot, "volumes")), new LocalVolumeHost(new LinuxProcessRunner()), Events, time);
        await Volumes.InitializeAsync(ct);
        Plumbing?.Dispose();
        Plumbing = new CniPlumbing(new LinuxProcessRunner(), new CniOptions(ExecRoot));
        var networkStore = new NetworkStore(Database);
        Networks = new NetworkService(networkStore, NetworkOptions, new ProcNetRoutes(), Events, time, Plumbing);
        await Networks.InitializeAsync(ct);
        Names = new NetworkNameTable();
        var containerNetworks = new ContainerNetworks(networkStore, Networks, Plumbing, new Wharf.Testing.FakeEmbeddedDns(), Names, NetworkOptions, Events,
            NullLogger<ContainerNetworks>.Instance);
        await containerNetworks.InitializeAsync(ct);
        Containers = new ContainerService(Store, Runtime, new OverlayRootfsMounter(), new BundleBuilder(), Images, Events, time, options,
            NullLogger<ContainerService>.Instance, Volumes, containerNetworks);
        await Containers.InitializeAsync(ct);
        Exec = new ExecService(Containers, Runtime, Events);
        Observer = new ContainerObserver(Containers, Images, new CgroupStatsReader(time), new LinuxProcessRunner(), new OverlayRootfsMounter(), time);
    }

    /// <summary>Stops the services as a daemon shutdown does: containers keep running.</summary>
    public async Task CloseAsync()
    {
        Remember();
        await Containers.DisposeAsync();
    }

    public async Task<ContainerId> CreateAsync(IReadOnlyList<string> cmd, HostSettings? host = null, Func<RunConfig, RunConfig>? config = null,
                                               string? name = null)
    {
        var run = new RunConfig { Cmd = [.. cmd], AttachStdout = true, AttachStderr = true };
        if (config is not null) run = config(run);
        var result = await Containers.CreateAsync(new ContainerCreateSpec
        {
            Name = name,
            Image = Image,
            Config = run,
            Host = (host ?? new HostSettings()) with { NetworkMode = "none" },
        }, Timeout());
        _ids.Add(result.Id.Value);
        return result.Id;
    }

    public async Task<ContainerRecord> InspectAsync(ContainerId id) => (await Containers.InspectAsync(id.Value, false, Timeout())).Container;

    /// <summary>Waits for the container to stop running and returns its exit code.</summary>
    public async Task<int> WaitExitAsync(ContainerId id, int seconds = 30)
    {
        var handle = await Containers.WaitAsync(id.Value, WaitCondition.NotRunning, Timeout());
        return (await handle.Result.WaitAsync(TimeSpan.FromSeconds(seconds))).ExitCode;
    }

    /// <summary>Polls until <paramref name="condition"/> holds on the container's record.</summary>
    public async Task<ContainerRecord> WaitForAsync(ContainerId id, Func<ContainerRecord, bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var record = await InspectAsync(id);
            if (condition(record)) return record;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"container {id.Short} never got there; last state {record.State}");
            await Task.Delay(50);
        }
    }

    /// <summary>Runs a command in the running container and returns its exit code and combined output.</summary>
    public async Task<(int ExitCode, string Output)> ExecAsync(ContainerId id, params string[] cmd)
    {
        var execId = await Exec.CreateAsync(id.Value, new ExecCreateRequest { Cmd = cmd, AttachStdout = true, AttachStderr = true }, Timeout());
        var started = await Exec.StartAsync(execId, detach: false, Timeout());
        var output = started.Streams is null ? "" : await ReadAllAsync(started.Streams);
        if (started.Streams is not null) await started.Streams.DisposeAsync();
        return (await started.Exited.WaitAsync(TimeSpan.FromSeconds(30)), output);
    }

    public static async Task<string> ReadAllAsync(IProcessStreams streams, StdStream? only = null)
    {
        var text = new StringBuilder();
        await foreach (var chunk in streams.ReadOutputAsync(Timeout()))
        {
            if (only is null || chunk.Stream == only) text.Append(Encoding.UTF8.GetString(chunk.Data.Span));
        }
        return text.ToString();
    }

    public async Task<List<LogEntry>> LogsAsync(ContainerId id, LogRequest request)
    {
        var logs = await Containers.LogsAsync(id.Value, request, Timeout());
        var entries = new List<LogEntry>();
        await foreach (var e in logs.Entries.WithCancellation(Timeout())) entries.Add(e);
        return entries;
    }

    /// <summary>The cgroup directories of a container that exist now (v1: one per controller hierarchy).</summary>
    public static IReadOnlyList<string> CgroupDirs(ContainerId id) =>
        Directory.Exists("/sys/fs/cgroup/cgroup.controllers") || File.Exists("/sys/fs/cgroup/cgroup.controllers")
            ? Directory.Exists($"/sys/fs/cgroup/wharf/{id}") ? [$"/sys/fs/cgroup/wharf/{id}"] : []
            : [.. Directory.EnumerateDirectories("/sys/fs/cgroup").Select(c => Path.Combine(c, "wharf", id.Value)).Where(Directory.Exists)];

    /// <summary>Mount points under this harness's roots.</summary>
    public IReadOnlyList<string> Mounts() =>
        [.. File.ReadAllLines("/proc/mounts").Select(l => Unescape(l.Split(' ')[1])).Where(m => m.StartsWith(_root + "/", StringComparison.Ordinal))];

    public static bool ProcessAlive(int pid) => pid > 0 && Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    public static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    void Remember()
    {
        try
        {
            foreach (var r in Store.All())
            {
                _ids.Add(r.Id.Value);
                if (r.State.MonitorPid > 0) _monitorPids.Add(r.State.MonitorPid);
            }
        }
        catch (InvalidOperationException)
        {
            // Not initialised.
        }
    }

    public async ValueTask DisposeAsync()
    {
        var failures = new List<string>();
        if (Containers is not null)
        {
            Remember();
            foreach (var r in Store.All())
            {
                try
                {
                    await Containers.RemoveAsync(r.Id.Value, new RemoveRequest(Force: true), Timeout(30));
                }
                catch (Exception e)
                {
                    failures.Add($"remove {r.Id.Short}: {e.Message}");
                }
            }
            try { await Containers.DisposeAsync(); } catch (Exception e) { failures.Add($"dispose: {e.Message}"); }
        }
        // The sweep: whatever removal left behind, so one failed test does not poison the host for the next.
        var runcRoot = Path.Combine(ExecRoot, "runc");
        foreach (var id in _ids)
        {
            if (Directory.Exists(runcRoot))
                await ProcessRunner.RunAsync("runc", ["--root", runcRoot, "delete", "--force", id]);
            foreach (var dir in CgroupDirs(ContainerId.Parse(id)))
            {
                try { Directory.Delete(dir); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        foreach (var pid in _monitorPids.Where(ProcessAlive))
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        foreach (var m in Mounts().OrderByDescending(m => m.Length))
            await ProcessRunner.RunAsync("umount", ["-l", m]);
        if (Networks is not null)
        {
            foreach (var n in (await Networks.ListAsync(Wharf.Engine.Filters.FilterSet.Empty, CancellationToken.None)).Where(n => n.Network.Driver == "bridge"))
            {
                try { await Plumbing.RemoveNetworkAsync(n.Network.ToBridge(NetworkOptions.Mtu), CancellationToken.None); }
                catch (Exception e) { failures.Add($"network {n.Network.Name}: {e.Message}"); }
            }
            Plumbing.Dispose();
        }
        await ProcessRunner.RunAsync("ip", ["link", "delete", BridgeName]);
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    static string Unescape(string s) => s.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
        .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
