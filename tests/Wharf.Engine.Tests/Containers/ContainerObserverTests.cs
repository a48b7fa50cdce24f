using System.Formats.Tar;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Observe;
using Wharf.Engine.Containers.Stats;
using Wharf.Engine.Processes;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Containers;

/// <summary>The observer over fakes: which ps runs with which arguments, how stats are sampled, what export mounts and releases.</summary>
public sealed class ContainerObserverTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();
    readonly FakeProcessRunner _ps = new();
    readonly FakeCgroups _cgroups = new();
    ContainerObserver _observer = null!;

    public async Task InitializeAsync()
    {
        await _h.InitializeAsync();
        _cgroups.Clock = _h.Clock;
        _observer = new ContainerObserver(_h.Service, _h.Images, _cgroups, _ps, _h.Rootfs, _h.Clock);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Top_runs_ps_with_the_container_pids_then_filters()
    {
        var id = await _h.RunAsync("web");
        _cgroups.Pids = [42, 43];
        _ps.OnRun = _ => new ProcessResult(0, "UID PID CMD\nroot 42 sleep 9\nroot 7 other\nroot 43 sh\n", "");

        var top = await _observer.TopAsync("web", null, CancellationToken.None);

        var call = Assert.Single(_ps.Calls);
        Assert.Equal("ps", call.FileName);
        Assert.Equal(["-ef", "-q42,43"], call.Arguments);
        Assert.Equal([["root", "42", "sleep 9"], ["root", "43", "sh"]], top.Processes);
        Assert.Equal($"/wharf/{id}", _cgroups.Paths.Single());
        Assert.Contains(_h.Events.Events, e => e.Action == "top" && e.ActorId == id.Value);
    }

    [Fact]
    public async Task Top_retries_without_q_and_reports_ps_first_error_line()
    {
        await _h.RunAsync("web");
        _cgroups.Pids = [42];
        _ps.OnRun = spec => spec.Arguments.Any(a => a.StartsWith("-q", StringComparison.Ordinal))
            ? new ProcessResult(1, "", "error: conflicting format options\nusage...\n")
            : new ProcessResult(0, "PID CMD\n42 sleep\n", "");
        var top = await _observer.TopAsync("web", "f", CancellationToken.None);
        Assert.Equal(["f"], _ps.Calls[1].Arguments);
        Assert.Single(top.Processes);

        _ps.OnRun = _ => new ProcessResult(1, "", "error: unsupported option (BSD syntax)\n\nUsage:\n");
        var e = await Assert.ThrowsAsync<EngineException>(() => _observer.TopAsync("web", "-Z!", CancellationToken.None));
        Assert.Equal(ErrorKind.Internal, e.Kind);
        Assert.Equal("ps: error: unsupported option (BSD syntax)", e.Message);
    }

    [Fact]
    public async Task Top_of_a_created_container_is_409_without_running_ps()
    {
        var id = await _h.CreateAsync("idle");
        var e = await Assert.ThrowsAsync<EngineException>(() => _observer.TopAsync("idle", null, CancellationToken.None));
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal($"Container {id} is not running", e.Message);
        Assert.Empty(_ps.Calls);
        await Assert.ThrowsAsync<EngineException>(() => _observer.TopAsync("nope", null, CancellationToken.None));
    }

    [Fact]
    public async Task Single_sample_waits_one_interval_for_its_previous_one()
    {
        await _h.RunAsync("web");
        var feed = await _observer.StatsAsync("web", new StatsRequest(false, false), CancellationToken.None);
        await using var e = feed.Samples.GetAsyncEnumerator();
        var next = e.MoveNextAsync().AsTask();
        await PollAsync(() => _cgroups.Reads == 1);
        Assert.False(next.IsCompleted);
        _h.Clock.Advance(ContainerObserver.StatsInterval);
        Assert.True(await next);
        Assert.Equal(_h.Clock.GetUtcNow(), e.Current.Current!.Read);
        Assert.Equal(_h.Clock.GetUtcNow() - ContainerObserver.StatsInterval, e.Current.Previous!.Read);
        Assert.False(await e.MoveNextAsync());
    }

    [Fact]
    public async Task One_shot_reads_once_and_a_stopped_container_gets_an_empty_sample()
    {
        await _h.RunAsync("web");
        await _h.CreateAsync("idle");
        var shot = await ToListAsync(await _observer.StatsAsync("web", new StatsRequest(false, true), CancellationToken.None));
        Assert.Null(Assert.Single(shot).Previous);
        Assert.Equal(1, _cgroups.Reads);
        var idle = await ToListAsync(await _observer.StatsAsync("idle", new StatsRequest(true, false), CancellationToken.None));
        Assert.Equal(new StatsSample(null, null), Assert.Single(idle));
        Assert.Equal(1, _cgroups.Reads); // a container that is not running has no cgroup to read
    }

    [Fact]
    public async Task Export_of_a_stopped_container_mounts_read_only_writes_tar_and_releases()
    {
        await _h.CreateAsync("idle");
        ContainerExport export;
        var tar = new MemoryStream();
        await using (export = await _observer.ExportAsync("idle", CancellationToken.None))
        {
            var root = Assert.Single(_h.Rootfs.ReadOnlyMounts);
            Assert.Equal(root, export.Root);
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            await File.WriteAllTextAsync(Path.Combine(root, "bin", "busybox"), "elf");
            await File.WriteAllTextAsync(Path.Combine(root, ".dockerenv"), "");
            File.CreateSymbolicLink(Path.Combine(root, "bin", "sh"), "busybox");
            await export.WriteToAsync(tar, CancellationToken.None);
        }
        Assert.Empty(_h.Rootfs.ReadOnlyMounts);
        tar.Position = 0;
        var names = new List<(string, TarEntryType, string)>();
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry() is { } entry) names.Add((entry.Name, entry.EntryType, entry.LinkName));
        Assert.Equal([(".dockerenv", TarEntryType.RegularFile, ""), ("bin/", TarEntryType.Directory, ""),
            ("bin/busybox", TarEntryType.RegularFile, ""), ("bin/sh", TarEntryType.SymbolicLink, "busybox")], names);
        Assert.Contains(_h.Events.Events, e => e.Action == "export");
    }

    [Fact]
    public async Task Export_of_a_running_container_reuses_its_mount()
    {
        await _h.RunAsync("web");
        await using var export = await _observer.ExportAsync("web", CancellationToken.None);
        Assert.EndsWith("merged", export.Root, StringComparison.Ordinal);
        Assert.Empty(_h.Rootfs.ReadOnlyMounts);
    }

    static async Task<List<StatsSample>> ToListAsync(ContainerStatsFeed feed)
    {
        var list = new List<StatsSample>();
        await foreach (var s in feed.Samples) list.Add(s);
        return list;
    }

    static async Task PollAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    /// <summary>A cgroup reader that answers every read with a sample stamped by the harness clock.</summary>
    sealed class FakeCgroups : ICgroupStatsReader
    {
        int _reads;

        public IReadOnlyList<int> Pids { get; set; } = [];
        public List<string> Paths { get; } = [];
        public int Reads => Volatile.Read(ref _reads);
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        public ValueTask<CgroupStats?> ReadAsync(string cgroupsPath, CancellationToken ct)
        {
            Interlocked.Increment(ref _reads);
            return ValueTask.FromResult<CgroupStats?>(new CgroupStats(Clock.GetUtcNow(),
                new CpuUsage(1, 0, 0, [], 2, 1, 0, 0, 0), new MemoryUsage(3, 0, 4, 0, new Dictionary<string, ulong>()),
                new PidsUsage(1, null), new BlkioUsage([], [])));
        }

        public ValueTask<IReadOnlyList<int>> ReadPidsAsync(string cgroupsPath, CancellationToken ct)
        {
            Paths.Add(cgroupsPath);
            return ValueTask.FromResult(Pids);
        }
    }
}
