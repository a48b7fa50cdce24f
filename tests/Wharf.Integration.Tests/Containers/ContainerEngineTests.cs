using Wharf.Testing;
using System.Globalization;
using System.Text;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Containers;

/// <summary>The real engine end to end: conmon, runc, overlayfs, cgroups and the bundle builder together on busybox.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContainerEngineTests
{
    [RootFact]
    public async Task Attach_before_start_receives_every_byte_and_wait_returns_zero()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "echo hello; echo oops >&2; seq 1 2000 | tail -n 1"]);
        var attach = await h.Containers.AttachAsync(id.Value, EngineHarness.Timeout());
        await using var streams = attach.Streams;
        Assert.Equal(StartOutcome.Started, await h.Containers.StartAsync(id.Value, EngineHarness.Timeout()));
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await foreach (var chunk in streams.ReadOutputAsync(EngineHarness.Timeout()))
            (chunk.Stream == StdStream.Stdout ? stdout : stderr).Append(Encoding.UTF8.GetString(chunk.Data.Span));
        Assert.Equal("hello\n2000\n", stdout.ToString());
        Assert.Equal("oops\n", stderr.ToString());
        Assert.Equal(0, await h.WaitExitAsync(id));
        var state = (await h.InspectAsync(id)).State;
        Assert.Equal(ContainerStatus.Exited, state.Status);
        Assert.Equal(0, state.ExitCode);
    }

    [RootFact]
    public async Task Exit_code_is_reported()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "exit 3"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        Assert.Equal(3, await h.WaitExitAsync(id));
        Assert.Equal(3, (await h.InspectAsync(id)).State.ExitCode);
    }

    [RootFact]
    public async Task Logs_after_exit_split_streams_carry_timestamps_and_tail()
    {
        await using var h = await EngineHarness.StartAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = await h.CreateAsync(["sh", "-c", "echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        Assert.Equal(0, await h.WaitExitAsync(id));
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        static string Text(IEnumerable<Engine.Containers.Logs.LogEntry> entries) =>
            string.Concat(entries.Select(e => Encoding.UTF8.GetString(e.Data.Span)));
        var all = await h.LogsAsync(id, new LogRequest());
        Assert.Equal(3, all.Count);
        Assert.Equal("out1\nout2\n", Text(await h.LogsAsync(id, new LogRequest { Stderr = false })));
        Assert.Equal("err1\n", Text(await h.LogsAsync(id, new LogRequest { Stdout = false })));
        Assert.Equal("out2\n", Text(await h.LogsAsync(id, new LogRequest { Tail = 1 })));
        Assert.All(all, e => Assert.InRange(e.Time, before, after));
        Assert.Equal(StdStream.Stderr, all.Single(e => Encoding.UTF8.GetString(e.Data.Span) == "err1\n").Stream);
    }

    [RootFact]
    public async Task Stop_waits_for_the_timeout_then_kills()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "trap '' TERM; sleep 100 & wait; sleep 100"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        await h.WaitForAsync(id, r => r.State.Status == ContainerStatus.Running);
        await Task.Delay(300); // let the shell install its trap
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(StopOutcome.Stopped, await h.Containers.StopAsync(id.Value, new StopRequest(Timeout: 2), EngineHarness.Timeout()));
        watch.Stop();
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(20));
        var state = (await h.InspectAsync(id)).State;
        Assert.Equal(ContainerStatus.Exited, state.Status);
        Assert.Equal(137, state.ExitCode);
    }

    [RootFact]
    public async Task Stdin_is_piped_to_the_process()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["cat"], config: c => c with { OpenStdin = true, StdinOnce = true, AttachStdin = true });
        var attach = await h.Containers.AttachAsync(id.Value, EngineHarness.Timeout());
        await using var streams = attach.Streams;
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        await streams.WriteStdinAsync(Encoding.UTF8.GetBytes("line one\nline two\n"), EngineHarness.Timeout());
        await streams.CloseStdinAsync(EngineHarness.Timeout());
        Assert.Equal("line one\nline two\n", await EngineHarness.ReadAllAsync(streams, StdStream.Stdout));
        Assert.Equal(0, await h.WaitExitAsync(id));
    }

    [RootFact]
    public async Task Exec_runs_in_the_container_and_reports_its_exit_code()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "100"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var (code, output) = await h.ExecAsync(id, "sh", "-c", "echo from-exec; cat /etc/hostname; exit 5");
        Assert.Equal(5, code);
        Assert.Equal($"from-exec\n{id.Short}\n", output);
        Assert.Equal(0, (await h.ExecAsync(id, "true")).ExitCode);
    }

    [RootFact]
    public async Task Concurrent_execs_keep_their_own_output_and_exit_codes_and_leave_the_containers_monitor_files_alone()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "100"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var stateDir = (await h.InspectAsync(id)).Paths.StateDir;
        var monitorPid = await File.ReadAllTextAsync(Path.Combine(stateDir, "conmon.pid"));

        // The slow ones are still running while the fast ones start and end next to them.
        var execs = Enumerable.Range(1, 6)
            .Select(n => h.ExecAsync(id, "sh", "-c", $"sleep 0.{(n % 2) * 5}; echo exec-{n}; exit {n}"))
            .ToArray();
        var results = await Task.WhenAll(execs);
        for (var n = 1; n <= 6; n++) Assert.Equal((n, $"exec-{n}\n"), results[n - 1]);

        Assert.Equal(monitorPid, await File.ReadAllTextAsync(Path.Combine(stateDir, "conmon.pid")));
        await Poll.UntilAsync(() => !Directory.Exists(Path.Combine(stateDir, "exec")) || Directory.GetFileSystemEntries(Path.Combine(stateDir, "exec")).Length == 0,
            "every exec's state removed once it ended");
    }

    [RootFact]
    public async Task Pause_freezes_and_unpause_resumes()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "100"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        await h.Containers.PauseAsync(id.Value, EngineHarness.Timeout());
        Assert.Equal(ContainerStatus.Paused, (await h.InspectAsync(id)).State.Status);
        Assert.Equal(ErrorKind.Conflict, (await Assert.ThrowsAsync<EngineException>(() => h.ExecAsync(id, "true"))).Kind);
        await h.Containers.UnpauseAsync(id.Value, EngineHarness.Timeout());
        Assert.Equal(ContainerStatus.Running, (await h.InspectAsync(id)).State.Status);
        Assert.Equal(0, (await h.ExecAsync(id, "true")).ExitCode);
    }

    [RootFact]
    public async Task Memory_limit_ends_in_OOMKilled()
    {
        await using var h = await EngineHarness.StartAsync();
        var limits = new ResourceLimits { Memory = 16 * 1024 * 1024, MemorySwap = 16 * 1024 * 1024 };
        var id = await h.CreateAsync(["sh", "-c", "x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done"], new HostSettings { Resources = limits });
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        Assert.Equal(137, await h.WaitExitAsync(id));
        Assert.True((await h.InspectAsync(id)).State.OomKilled);
    }

    [RootFact]
    public async Task Pids_limit_holds()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "100"], new HostSettings { Resources = new ResourceLimits { PidsLimit = 10 } });
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var pids = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? $"/sys/fs/cgroup/wharf/{id}" : $"/sys/fs/cgroup/pids/wharf/{id}";
        Assert.Equal("10", File.ReadAllText(Path.Combine(pids, "pids.max")).Trim());
        var (code, output) = await h.ExecAsync(id, "sh", "-c", "for i in $(seq 1 30); do sleep 100 & done; echo all-forked");
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("all-forked", output, StringComparison.Ordinal);
        Assert.InRange(int.Parse(File.ReadAllText(Path.Combine(pids, "pids.current")).Trim(), CultureInfo.InvariantCulture), 2, 10);
    }

    [RootFact]
    public async Task Read_only_rootfs_cannot_be_written()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "touch /x 2>&1; echo rc=$?; touch /tmp/y 2>&1; echo rc=$?"],
            new HostSettings { ReadonlyRootfs = true });
        var attach = await h.Containers.AttachAsync(id.Value, EngineHarness.Timeout());
        await using var streams = attach.Streams;
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var output = await EngineHarness.ReadAllAsync(streams);
        Assert.Contains("Read-only file system", output, StringComparison.Ordinal);
        Assert.DoesNotContain("rc=0", output, StringComparison.Ordinal);
        Assert.Equal(0, await h.WaitExitAsync(id));
    }

    [RootFact]
    public async Task Dropped_capability_is_absent_from_the_effective_set()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "grep CapEff /proc/self/status"], new HostSettings { CapDrop = ["NET_RAW"] });
        var attach = await h.Containers.AttachAsync(id.Value, EngineHarness.Timeout());
        await using var streams = attach.Streams;
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var line = (await EngineHarness.ReadAllAsync(streams)).Trim();
        var caps = ulong.Parse(line.Split('\t', ' ').Last(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(0UL, caps & (1UL << 13));   // CAP_NET_RAW
        Assert.NotEqual(0UL, caps & (1UL << 0)); // CAP_CHOWN, a default one, stays
        Assert.Equal(0UL, caps & (1UL << 21));   // CAP_SYS_ADMIN is never a default
    }

    [RootFact]
    public async Task On_failure_restart_policy_restarts_exactly_the_maximum()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "exit 1"], new HostSettings { RestartPolicy = new RestartPolicy("on-failure", 2) });
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var done = await h.WaitForAsync(id, r => r.State.RestartCount == 2 && r.State.Status == ContainerStatus.Exited, seconds: 30);
        Assert.Equal(1, done.State.ExitCode);
        await Task.Delay(1500); // longer than the next backoff would be
        var later = await h.InspectAsync(id);
        Assert.Equal(2, later.State.RestartCount);
        Assert.Equal(ContainerStatus.Exited, later.State.Status);
    }

    [RootFact]
    public async Task AutoRemove_removes_the_container_after_exit()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["true"], new HostSettings { AutoRemove = true });
        var removed = await h.Containers.WaitAsync(id.Value, WaitCondition.Removed, EngineHarness.Timeout());
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        await removed.Result.WaitAsync(TimeSpan.FromSeconds(30));
        var e = await Assert.ThrowsAsync<EngineException>(() => h.InspectAsync(id));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Empty(h.Mounts());
        Assert.Empty(EngineHarness.CgroupDirs(id));
    }

    [RootFact]
    public async Task AutoRemove_removes_a_container_that_cannot_start_and_wait_removed_reports_127()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["/no/such/binary"], new HostSettings { AutoRemove = true });
        var removed = await h.Containers.WaitAsync(id.Value, WaitCondition.Removed, EngineHarness.Timeout());
        await Assert.ThrowsAsync<EngineException>(() => h.Containers.StartAsync(id.Value, EngineHarness.Timeout()));
        var result = await removed.Result.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(127, result.ExitCode);
        var e = await Assert.ThrowsAsync<EngineException>(() => h.InspectAsync(id));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Empty(h.Mounts());
    }

    [RootFact]
    public async Task A_restarted_engine_finds_running_containers_and_exits_that_happened_while_down()
    {
        await using var h = await EngineHarness.StartAsync();
        var running = await h.CreateAsync(["sleep", "100"], name: "keeps-running");
        var exiting = await h.CreateAsync(["sh", "-c", "sleep 2; exit 7"], name: "exits-while-down");
        await h.Containers.StartAsync(running.Value, EngineHarness.Timeout());
        await h.Containers.StartAsync(exiting.Value, EngineHarness.Timeout());
        var pid = (await h.InspectAsync(running)).State.Pid;

        await h.CloseAsync();
        Assert.True(EngineHarness.ProcessAlive(pid), "the container must outlive the engine");
        await Task.Delay(3000);
        await h.OpenAsync();

        var state = (await h.InspectAsync(running)).State;
        Assert.Equal(ContainerStatus.Running, state.Status);
        Assert.Equal(pid, state.Pid);
        var exited = await h.WaitForAsync(exiting, r => r.State.Status == ContainerStatus.Exited, seconds: 10);
        Assert.Equal(7, exited.State.ExitCode);

        Assert.Equal(StopOutcome.Stopped, await h.Containers.StopAsync(running.Value, new StopRequest(Timeout: 1), EngineHarness.Timeout()));
        Assert.Equal(137, (await h.InspectAsync(running)).State.ExitCode);
        Assert.False(EngineHarness.ProcessAlive(pid));
    }

    [RootFact]
    public async Task Removing_containers_leaks_no_mount_monitor_or_cgroup()
    {
        await using var h = await EngineHarness.StartAsync();
        var running = await h.CreateAsync(["sleep", "100"]);
        var exited = await h.CreateAsync(["true"]);
        await h.Containers.StartAsync(running.Value, EngineHarness.Timeout());
        await h.Containers.StartAsync(exited.Value, EngineHarness.Timeout());
        Assert.Equal(0, await h.WaitExitAsync(exited));
        var monitor = (await h.InspectAsync(running)).State.MonitorPid;
        Assert.True(EngineHarness.ProcessAlive(monitor), "conmon runs while its container does");
        Assert.NotEmpty(h.Mounts());
        Assert.NotEmpty(EngineHarness.CgroupDirs(running));

        await h.Containers.RemoveAsync(running.Value, new RemoveRequest(Force: true), EngineHarness.Timeout());
        await h.Containers.RemoveAsync(exited.Value, new RemoveRequest(), EngineHarness.Timeout());

        Assert.Empty(h.Mounts());
        Assert.Empty(EngineHarness.CgroupDirs(running));
        Assert.Empty(EngineHarness.CgroupDirs(exited));
        for (var i = 0; i < 50 && EngineHarness.ProcessAlive(monitor); i++) await Task.Delay(100);
        Assert.False(EngineHarness.ProcessAlive(monitor), "conmon must be gone");
        Assert.False(Directory.Exists(Path.Combine(h.DataRoot, "containers", running.Value)));
        Assert.False(Directory.Exists(Path.Combine(h.ExecRoot, "containers", running.Value)));
        Assert.Empty(h.Store.All());
    }
}
