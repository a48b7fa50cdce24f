using Wharf.Testing;
using System.Formats.Tar;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Observe;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Containers;

/// <summary>top, stats and export on real busybox containers: the host's ps, the container's cgroup, its overlay filesystem.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContainerObserverTests
{
    [RootFact]
    public async Task Top_lists_the_sleep_of_a_running_container_and_only_its_processes()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "1000"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var pid = (await h.InspectAsync(id)).State.Pid;

        var top = await h.Observer.TopAsync(id.Value, null, EngineHarness.Timeout());
        Assert.Equal(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], top.Titles);
        var row = Assert.Single(top.Processes);
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), row[1]);
        Assert.Equal("sleep 1000", row[7]);

        // Arguments that move the PID column: it is found by its title.
        var moved = await h.Observer.TopAsync(id.Value, "-o comm,pid", EngineHarness.Timeout());
        Assert.Equal(["COMMAND", "PID"], moved.Titles);
        Assert.Equal(["sleep", row[1]], Assert.Single(moved.Processes));
    }

    [RootFact]
    public async Task Top_of_a_stopped_container_is_409_and_a_ps_error_is_500_with_ps_text()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "1000"]);
        var stopped = await Assert.ThrowsAsync<EngineException>(() => h.Observer.TopAsync(id.Value, null, EngineHarness.Timeout()));
        Assert.Equal(ErrorKind.Conflict, stopped.Kind);
        Assert.Equal($"Container {id} is not running", stopped.Message);

        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var bad = await Assert.ThrowsAsync<EngineException>(() => h.Observer.TopAsync(id.Value, "--no-such-option", EngineHarness.Timeout()));
        Assert.Equal(ErrorKind.Internal, bad.Kind);
        Assert.StartsWith("ps: ", bad.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Stats_one_shot_has_memory_and_pids_and_a_single_sample_has_a_previous_one()
    {
        await using var h = await EngineHarness.StartAsync();
        // busybox sh execs its last command: two sleeps, no shell.
        var id = await h.CreateAsync(["sh", "-c", "sleep 1000 & sleep 1000"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        await WaitForPidsAsync(h, id, 2);

        var oneShot = await SamplesAsync(await h.Observer.StatsAsync(id.Value, new StatsRequest(false, true), EngineHarness.Timeout()));
        var only = Assert.Single(oneShot);
        Assert.NotNull(only.Current);
        Assert.Null(only.Previous);
        Assert.True(only.Current.Memory.Usage > 0);
        Assert.Equal(2UL, only.Current.Pids.Current);
        Assert.True(only.Current.Cpu.SystemUsageNs > 0);

        var feed = await h.Observer.StatsAsync(id.Value, new StatsRequest(false, false), EngineHarness.Timeout());
        Assert.Equal((await h.InspectAsync(id)).Name, feed.Name);
        var single = Assert.Single(await SamplesAsync(feed));
        Assert.NotNull(single.Previous);
        Assert.True(single.Current!.Read - single.Previous.Read >= TimeSpan.FromMilliseconds(900));
    }

    [RootFact]
    public async Task Stats_stream_gives_a_sample_a_second_and_ends_when_the_container_stops()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "1000"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var feed = await h.Observer.StatsAsync(id.Value, new StatsRequest(true, false), EngineHarness.Timeout());
        var samples = new List<StatsSample>();
        await foreach (var sample in feed.Samples.WithCancellation(EngineHarness.Timeout()))
        {
            samples.Add(sample);
            if (samples.Count == 2) await h.Containers.KillAsync(id.Value, null, EngineHarness.Timeout());
        }
        Assert.True(samples.Count >= 2);
        Assert.Null(samples[0].Previous);
        Assert.Same(samples[0].Current, samples[1].Previous);
        Assert.All(samples, s => Assert.NotNull(s.Current));
    }

    [RootFact]
    public async Task Stats_of_a_stopped_container_is_one_empty_sample()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["true"]);
        var samples = await SamplesAsync(await h.Observer.StatsAsync(id.Value, new StatsRequest(false, false), EngineHarness.Timeout()));
        Assert.Equal(new StatsSample(null, null), Assert.Single(samples));
    }

    [RootFact]
    public async Task Export_of_a_running_container_holds_busybox_and_the_file_it_wrote()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "echo exported > /written.txt; sleep 1000"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var record = await h.InspectAsync(id);
        await Poll.UntilAsync(() => File.Exists(Path.Combine(record.Paths.ContainerDir, "diff", "written.txt")), "the file written in the container");

        var entries = await ExportAsync(h, id);
        Assert.Equal("exported\n", entries["written.txt"].Content);
        Assert.Equal(TarEntryType.RegularFile, entries["bin/busybox"].Type);
        Assert.Equal(TarEntryType.Directory, entries["bin/"].Type);
        Assert.Equal(TarEntryType.SymbolicLink, entries["bin/sh"].Type);
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("./", StringComparison.Ordinal) || k.StartsWith('/'));
    }

    [RootFact]
    public async Task Export_of_a_stopped_container_mounts_read_only_and_unmounts_after()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "echo after > /etc/left-behind; rm /bin/ls"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        Assert.Equal(0, await h.WaitExitAsync(id));
        var mountsBefore = h.Mounts();

        var entries = await ExportAsync(h, id);
        Assert.Equal("after\n", entries["etc/left-behind"].Content);
        Assert.Contains("bin/busybox", entries.Keys);
        Assert.DoesNotContain("bin/ls", entries.Keys); // the deletion (a whiteout) hides it
        Assert.Equal(mountsBefore, h.Mounts());
        var record = await h.InspectAsync(id);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(record.Paths.ContainerDir, "ro")));
    }

    [RootFact]
    public async Task Export_released_when_the_reader_goes_away_midway()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["true"]);
        var mountsBefore = h.Mounts();
        using var cts = new CancellationTokenSource();
        await using (var export = await h.Observer.ExportAsync(id.Value, EngineHarness.Timeout()))
        {
            Assert.Equal(mountsBefore.Count + 1, h.Mounts().Count);
            await using var sink = new CancelAfterStream(64 * 1024, cts);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => export.WriteToAsync(sink, cts.Token));
        }
        Assert.Equal(mountsBefore, h.Mounts());
    }

    static async Task<Dictionary<string, (TarEntryType Type, string? Content)>> ExportAsync(EngineHarness h, ContainerId id)
    {
        var tar = new MemoryStream();
        await using (var export = await h.Observer.ExportAsync(id.Value, EngineHarness.Timeout()))
            await export.WriteToAsync(tar, EngineHarness.Timeout());
        tar.Position = 0;
        var entries = new Dictionary<string, (TarEntryType, string?)>(StringComparer.Ordinal);
        using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            string? content = null;
            if (entry.EntryType == TarEntryType.RegularFile && entry.Length < 4096 && entry.DataStream is { } data)
                content = await new StreamReader(data).ReadToEndAsync();
            entries[entry.Name] = (entry.EntryType, content);
        }
        return entries;
    }

    static async Task<List<StatsSample>> SamplesAsync(ContainerStatsFeed feed)
    {
        var samples = new List<StatsSample>();
        await foreach (var s in feed.Samples.WithCancellation(EngineHarness.Timeout())) samples.Add(s);
        return samples;
    }

    static async Task WaitForPidsAsync(EngineHarness h, ContainerId id, int count)
    {
        await Poll.UntilAsync(async () =>
        {
            var samples = await SamplesAsync(await h.Observer.StatsAsync(id.Value, new StatsRequest(false, true), EngineHarness.Timeout()));
            return samples[0].Current?.Pids.Current == (ulong)count;
        }, $"{count} pids in the container's stats");
    }

    /// <summary>A sink that cancels its reader's token once it has taken <c>limit</c> bytes: a client that hangs up.</summary>
    sealed class CancelAfterStream(long limit, CancellationTokenSource cts) : Stream
    {
        long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _written += buffer.Length;
            if (_written > limit) cts.Cancel();
            return ValueTask.CompletedTask;
        }
    }
}
