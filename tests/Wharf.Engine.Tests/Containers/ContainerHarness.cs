using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Exec;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Networks;
using Wharf.Engine.Networks.Dns;
using Wharf.Engine.Storage;
using Wharf.Engine.Volumes;
using Wharf.Testing;
using Wharf.Testing.Containers;

namespace Wharf.Engine.Tests.Containers;

/// <summary>A container service over fakes, a manual clock and a real SQLite file in a temp directory.</summary>
internal sealed class ContainerHarness : IAsyncDisposable
{
    readonly TempDirectory _dir = new();

    public ContainerHarness()
    {
        Runtime = new FakeOciRuntime(Clock);
        Database = new WharfDatabase(Path.Combine(_dir.Path, "wharf.db"));
        Busybox = Images.Add("busybox:latest", new RunConfig
        {
            Cmd = ["sh"],
            Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        });
        Options = new ContainerOptions { DataRoot = Path.Combine(_dir.Path, "data"), ExecRoot = Path.Combine(_dir.Path, "run") };
        Service = NewService(Runtime);
    }

    public ManualTimeProvider Clock { get; } = new();
    public FakeOciRuntime Runtime { get; private set; }
    public FakeRootfsMounter Rootfs { get; } = new();
    public FakeBundleBuilder Bundles { get; } = new();
    public FakeImageService Images { get; } = new();
    public RecordingEventService Events { get; } = new();
    public WharfDatabase Database { get; }
    public ContainerOptions Options { get; }
    public ImageView Busybox { get; }
    public ContainerStore Store { get; private set; } = null!;
    public FakeVolumeHost VolumeHost { get; } = new();
    public VolumeService Volumes { get; private set; } = null!;
    public ContainerService Service { get; private set; }
    public FakeNetworkPlumbing Plumbing { get; } = new();
    public FakeEmbeddedDns Dns { get; } = new();
    public NetworkNameTable Names { get; private set; } = null!;
    public NetworkService Networks { get; private set; } = null!;
    public ContainerNetworks ContainerNetworks { get; private set; } = null!;
    public ExecService Exec => new(Service, Runtime, Events);

    ContainerService NewService(FakeOciRuntime runtime)
    {
        Store = new ContainerStore(Database);
        Volumes = new VolumeService(new VolumeStore(Database, Path.Combine(Options.DataRoot, "volumes")), VolumeHost, Events, Clock);
        var networkStore = new NetworkStore(Database);
        Names = new NetworkNameTable();
        var networkOptions = new NetworkOptions { BridgeDevice = "wt-test0" };
        Networks = new NetworkService(networkStore, networkOptions, new Tests.Networks.NetworkHarness.FakeRoutes([]), Events, Clock, Plumbing);
        ContainerNetworks = new ContainerNetworks(networkStore, Networks, Plumbing, Dns, Names, networkOptions, Events, NullLogger<ContainerNetworks>.Instance);
        return new ContainerService(Store, runtime, Rootfs, Bundles, Images, Events, Clock, Options, NullLogger<ContainerService>.Instance, Volumes,
            ContainerNetworks);
    }

    public async Task InitializeAsync()
    {
        await Volumes.InitializeAsync(CancellationToken.None);
        await Networks.InitializeAsync(CancellationToken.None);
        await ContainerNetworks.InitializeAsync(CancellationToken.None);
        await Service.InitializeAsync(CancellationToken.None);
    }

    /// <summary>Simulates a daemon restart: a new service (and store) over the same database and the given runtime.</summary>
    public async Task RestartDaemonAsync(FakeOciRuntime runtime)
    {
        await Service.DisposeAsync();
        Runtime = runtime;
        Service = NewService(runtime);
        await Volumes.InitializeAsync(CancellationToken.None);
        await Networks.InitializeAsync(CancellationToken.None);
        await ContainerNetworks.InitializeAsync(CancellationToken.None);
        await Service.InitializeAsync(CancellationToken.None);
    }

    public async Task<ContainerId> CreateAsync(string? name = null, RunConfig? config = null, HostSettings? host = null,
                                               IReadOnlyDictionary<string, EndpointSettings>? networks = null)
    {
        var result = await Service.CreateAsync(new ContainerCreateSpec
        {
            Name = name,
            Image = "busybox",
            Config = config ?? new RunConfig(),
            Host = host ?? new HostSettings(),
            Networks = networks ?? new Dictionary<string, EndpointSettings>(),
        }, CancellationToken.None);
        return result.Id;
    }

    public async Task<ContainerId> CreateAsyncFor(string image) =>
        (await Service.CreateAsync(new ContainerCreateSpec { Image = image, Config = new RunConfig() }, CancellationToken.None)).Id;

    public async Task<ContainerId> RunAsync(string name, RunConfig? config = null, HostSettings? host = null,
                                            IReadOnlyDictionary<string, EndpointSettings>? networks = null)
    {
        var id = await CreateAsync(name, config, host, networks);
        await Service.StartAsync(name, CancellationToken.None);
        return id;
    }

    public ContainerState State(ContainerId id) => Store.Get(id)?.State ?? throw new InvalidOperationException("gone");

    public IReadOnlyList<string> Actions(ContainerId id) =>
        Events.Events.Where(e => e.ActorId == id.Value).Select(e => e.Action).ToList();

    /// <summary>Polls (never sleeps a fixed time) until the condition holds, or fails after five seconds.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out waiting for: {what}");
            await Task.Delay(2);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
