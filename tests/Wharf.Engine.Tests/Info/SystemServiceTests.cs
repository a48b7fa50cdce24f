using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Events;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Info;

public sealed partial class SystemServiceTests : IDisposable
{
    readonly string _dataRoot = Path.Combine(Path.GetTempPath(), "wharf-system-" + Guid.NewGuid().ToString("N"));
    readonly FakeHostInfo _host = new();
    readonly CountingImageService _images = new();
    readonly ManualTimeProvider _clock = new();
    readonly EventBus _events;

    public SystemServiceTests() => _events = new EventBus(_clock, NullLogger<EventBus>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_dataRoot)) Directory.Delete(_dataRoot, recursive: true);
    }

    SystemOptions Options => new()
    {
        DataRoot = _dataRoot,
        ExecRoot = "/run/wharf",
        Debug = true,
        Labels = ["tier=test"],
        InsecureRegistries = ["10.1.0.0/16", "myregistry:5000"],
        Runtimes = new Dictionary<string, string> { ["runc"] = "runc", ["crun"] = "/usr/bin/crun" },
    };

    async Task<SystemService> NewAsync(SystemOptions? options = null, IContainerCounts? containers = null)
    {
        var service = new SystemService(options ?? Options, _host, _images, containers ?? new NoContainersYet(), _events, _clock);
        await service.InitializeAsync(CancellationToken.None);
        return service;
    }

    [GeneratedRegex("^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$")]
    private static partial Regex DockerIdShape();

    [Fact]
    public async Task Info_reports_host_facts_options_and_counts()
    {
        _images.Images.Add(Image("1"));
        _images.Images.Add(Image("2"));
        var service = await NewAsync();

        var info = await service.InfoAsync(CancellationToken.None);

        Assert.Matches(DockerIdShape(), info.Id);
        Assert.Equal("buildbox", info.Name);
        Assert.Equal(2, info.Images);
        Assert.False(Assert.Single(_images.ListRequests).All);   // docker info counts top-level images only
        Assert.Equal((0, 0, 0, 0), (info.Containers, info.ContainersRunning, info.ContainersPaused, info.ContainersStopped));
        Assert.Equal("overlay2", info.Driver);
        Assert.Contains(new KeyValuePair<string, string>("Backing Filesystem", "extfs"), info.DriverStatus);
        Assert.Equal((_dataRoot, "/run/wharf", true), (info.DataRoot, info.ExecRoot, info.Debug));
        Assert.Equal(("6.1.0-13-amd64", "Debian GNU/Linux 12 (bookworm)", "12", "x86_64"), (info.KernelVersion, info.OperatingSystem, info.OsVersion, info.Architecture));
        Assert.Equal((4, 8L << 30, 42), (info.Cpus, info.MemTotal, info.FileDescriptors));
        Assert.True(info.Threads > 0);
        Assert.Equal(_clock.GetUtcNow(), info.SystemTime);
        Assert.Equal("runc", info.DefaultRuntime);
        Assert.Equal("/usr/bin/crun", info.Runtimes["crun"]);
        Assert.Equal(["tier=test"], info.Labels);
        Assert.Equal(["127.0.0.0/8", "10.1.0.0/16"], info.InsecureRegistryCidrs);
        Assert.Equal(["name=seccomp,profile=default"], info.SecurityOptions);
        Assert.Empty(info.Warnings);
        Assert.Equal("1", info.CgroupVersion);
        Assert.True(info.IPv4Forwarding);
        Assert.Equal("1.1.5+ds1-1+deb12u1", info.RuntimeCommit);   // the default runtime's, not crun's
    }

    [Fact]
    public async Task Container_counts_come_from_the_port()
    {
        var service = await NewAsync(containers: new FixedCounts(new ContainerCounts(Running: 2, Paused: 1, Stopped: 3)));

        var info = await service.InfoAsync(CancellationToken.None);

        Assert.Equal((6, 2, 1, 3), (info.Containers, info.ContainersRunning, info.ContainersPaused, info.ContainersStopped));
    }

    [Fact]
    public async Task Event_listeners_are_counted()
    {
        var service = await NewAsync();
        using var cts = new CancellationTokenSource();
        var stream = _events.SubscribeAsync(new EventQuery(null, null, FilterSet.Empty), cts.Token).GetAsyncEnumerator(cts.Token);
        var pending = stream.MoveNextAsync();

        Assert.Equal(1, (await service.InfoAsync(CancellationToken.None)).EventListeners);

        await cts.CancelAsync();
        Assert.False(await pending);
        await stream.DisposeAsync();
        Assert.Equal(0, (await service.InfoAsync(CancellationToken.None)).EventListeners);
    }

    [Fact]
    public async Task The_engine_id_is_generated_once_and_kept_in_the_data_root()
    {
        var first = await (await NewAsync()).InfoAsync(CancellationToken.None);
        var second = await (await NewAsync()).InfoAsync(CancellationToken.None);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, File.ReadAllText(Path.Combine(_dataRoot, "engine-id")).Trim());
    }

    [Fact]
    public async Task A_damaged_engine_id_file_is_replaced()
    {
        Directory.CreateDirectory(_dataRoot);
        File.WriteAllText(Path.Combine(_dataRoot, "engine-id"), "garbage");

        var info = await (await NewAsync()).InfoAsync(CancellationToken.None);

        Assert.Matches(DockerIdShape(), info.Id);
    }

    [Fact]
    public async Task Cgroup_v2_adds_cgroupns_and_no_seccomp_drops_its_option()
    {
        _host.CgroupVersion = "2";
        _host.SeccompEnabled = false;

        var info = await (await NewAsync()).InfoAsync(CancellationToken.None);

        Assert.Equal(["name=cgroupns"], info.SecurityOptions);
    }

    [Fact]
    public async Task Missing_features_become_dockerds_warnings()
    {
        _host.Cgroups = new CgroupSupport(MemoryLimit: true, SwapLimit: false, CpuCfsPeriod: true, CpuCfsQuota: true, CpuShares: true,
            CpuSet: false, PidsLimit: true, OomKillDisable: false);
        _host.IPv4Forwarding = false;

        var info = await (await NewAsync()).InfoAsync(CancellationToken.None);

        Assert.Equal(["WARNING: No swap limit support", "WARNING: No oom kill disable support", "WARNING: No cpuset support",
            "WARNING: IPv4 forwarding is disabled"], info.Warnings);
    }

    [Fact]
    public void Cgroup_v2_never_warns_about_oom_kill_disable() =>
        Assert.Empty(SystemService.Warnings(new CgroupSupport(true, true, true, true, true, true, true, OomKillDisable: false), "2", true));

    [Fact]
    public async Task Version_lists_the_default_runtime_first_then_the_others_and_conmon()
    {
        _host.Tools["/usr/bin/crun"] = new ToolVersion("1.8.1", "f8a096b");
        _host.Tools["conmon"] = new ToolVersion("2.1.6", "");
        var service = await NewAsync();

        var version = service.Version();

        Assert.Equal("0.1.0", version.Version);
        Assert.Equal(("linux", "6.1.0-13-amd64"), (version.Os, version.KernelVersion));
        Assert.StartsWith(".NET", version.RuntimeVersion);   // reported as GoVersion
        Assert.Equal(["runc", "crun", "conmon"], version.Components.Select(c => c.Name));
        Assert.Equal(("1.1.5+ds1", "1.1.5+ds1-1+deb12u1"), (version.Components[0].Version, version.Components[0].Details["GitCommit"]));
        Assert.Equal("2.1.6", version.Components[2].Version);
        Assert.NotEmpty(version.GitCommit);
        Assert.NotEmpty(version.BuildTime);
        Assert.Contains(version.Arch, new[] { "amd64", "arm64" });
    }

    [Fact]
    public async Task Version_asks_each_tool_once_and_leaves_out_what_is_not_installed()
    {
        var service = await NewAsync();   // crun and conmon are not installed on the fake host

        var first = service.Version();
        var second = service.Version();

        Assert.Equal(["runc"], first.Components.Select(c => c.Name));
        Assert.Equal(first.Components.Count, second.Components.Count);
        Assert.Equal(["runc", "/usr/bin/crun", "conmon"], _host.ToolQueries);
    }

    [Fact]
    public void Version_before_initialisation_is_a_programming_error()
    {
        var service = new SystemService(Options, _host, _images, new NoContainersYet(), _events, _clock);

        Assert.Throws<InvalidOperationException>(() => service.Version());
    }

    static ImageView Image(string hexDigit) => new()
    {
        Id = Digest.Sha256(new string(hexDigit[0], 64)),
        RepoTags = [],
        RepoDigests = [],
        Created = DateTimeOffset.UnixEpoch,
        Size = 1,
        Config = new ImageConfigFile(),
        Layers = [],
        GraphDriverData = new Dictionary<string, string>(),
    };

    sealed class FixedCounts(ContainerCounts counts) : IContainerCounts
    {
        public Task<ContainerCounts> CountAsync(CancellationToken ct) => Task.FromResult(counts);
    }
}
