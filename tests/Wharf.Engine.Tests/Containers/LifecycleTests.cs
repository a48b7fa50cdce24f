using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Containers;

public sealed class LifecycleTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();
    static readonly CancellationToken None = CancellationToken.None;

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Start_mounts_writes_the_bundle_creates_then_starts_and_records_the_pid()
    {
        var id = await _h.CreateAsync("s1");
        Assert.Equal(StartOutcome.Started, await _h.Service.StartAsync("s1", None));
        var state = _h.State(id);
        Assert.Equal(ContainerStatus.Running, state.Status);
        Assert.True(state.Pid > 0);
        Assert.True(state.MonitorPid > 0);
        Assert.Equal(_h.Clock.GetUtcNow(), state.StartedAt);
        Assert.Equal(["/layers/busybox_latest/top", "/layers/busybox_latest/mid", "/layers/busybox_latest/base"], _h.Rootfs.Mounted.Values.Single());
        var bundle = _h.Bundles.Bundles.Single();
        Assert.Equal($"/wharf/{id}", bundle.CgroupsPath);
        Assert.Equal(Path.Combine(_h.Options.ExecRoot, "containers", id.Value, "bundle"), bundle.BundleDir);
        Assert.Equal([$"create {id.Short}", $"start {id.Short}"], _h.Runtime.CallLog);
        Assert.Equal(StartOutcome.AlreadyRunning, await _h.Service.StartAsync("s1", None));
    }

    [Fact]
    public async Task A_failed_start_keeps_the_state_records_the_error_and_127()
    {
        var id = await _h.CreateAsync("bad");
        const string message = "failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/nope\": stat /nope: no such file or directory: unknown";
        _h.Runtime.FailCreate = _ => message;
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.Service.StartAsync("bad", None));
        Assert.Equal(message, e.Message);
        var state = _h.State(id);
        Assert.Equal((ContainerStatus.Created, 127, message), (state.Status, state.ExitCode, state.Error));
        Assert.Empty(_h.Rootfs.Mounted);
        var wait = await _h.Service.WaitAsync("bad", WaitCondition.NotRunning, None);
        Assert.Equal(new WaitResult(127, message), await wait.Result);
    }

    [Fact]
    public async Task Stop_sends_the_stop_signal_and_escalates_to_SIGKILL_after_the_timeout_on_the_clock()
    {
        var id = await _h.RunAsync("stubborn", new RunConfig { StopSignal = "SIGINT" });
        _h.Runtime.OnSignal = s => s == Signals.Kill ? 137 : null;
        var armed = _h.Clock.Armed;
        var stop = _h.Service.StopAsync("stubborn", new StopRequest(Timeout: 10), None);
        await ContainerHarness.Eventually(() => _h.Runtime.SignalsSent.Count == 1 && _h.Clock.Armed > armed, "the stop signal and its timeout");
        var start = _h.Runtime.Signals[0].At;
        _h.Clock.Advance(TimeSpan.FromSeconds(9.9));
        await Task.Delay(50);
        Assert.DoesNotContain(_h.Runtime.SignalsSent, s => s.Signal == Signals.Kill);
        _h.Clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(StopOutcome.Stopped, await stop);
        Assert.Equal([(id, 2), (id, 9)], _h.Runtime.SignalsSent);
        Assert.Equal(TimeSpan.FromSeconds(10), _h.Runtime.Signals[1].At - start);
        var state = _h.State(id);
        Assert.Equal((ContainerStatus.Exited, 137), (state.Status, state.ExitCode));
        Assert.Equal(["create", "start", "kill", "kill", "die", "stop"], _h.Actions(id));
        Assert.Equal("2", _h.Events.Events.First(e => e.Action == "kill").Attributes["signal"]);
        Assert.Empty(_h.Rootfs.Mounted);
    }

    [Fact]
    public async Task Stop_of_a_container_that_obeys_does_not_kill_and_a_second_stop_is_304()
    {
        var id = await _h.RunAsync("polite");
        Assert.Equal(StopOutcome.Stopped, await _h.Service.StopAsync("polite", new StopRequest(), None));
        Assert.Equal([(id, 15)], _h.Runtime.SignalsSent);
        Assert.Equal(143, _h.State(id).ExitCode);
        Assert.Equal(StopOutcome.AlreadyStopped, await _h.Service.StopAsync("polite", new StopRequest(), None));
    }

    [Fact]
    public async Task Kill_pause_and_unpause_conflicts_use_dockerds_messages()
    {
        var id = await _h.CreateAsync("idle");
        var kill = await Assert.ThrowsAsync<EngineException>(() => _h.Service.KillAsync("idle", null, None));
        Assert.Equal((ErrorKind.Conflict, $"Cannot kill container: idle: Container {id} is not running"), (kill.Kind, kill.Message));
        var pause = await Assert.ThrowsAsync<EngineException>(() => _h.Service.PauseAsync("idle", None));
        Assert.Equal($"Container {id} is not running", pause.Message);

        await _h.Service.StartAsync("idle", None);
        await _h.Service.PauseAsync("idle", None);
        Assert.Equal(ContainerStatus.Paused, _h.State(id).Status);
        Assert.Equal(RuntimeStatus.Paused, _h.Runtime.StatusOf(id));
        var again = await Assert.ThrowsAsync<EngineException>(() => _h.Service.PauseAsync("idle", None));
        Assert.Equal($"Container {id} is already paused", again.Message);
        var start = await Assert.ThrowsAsync<EngineException>(() => _h.Service.StartAsync("idle", None));
        Assert.Equal("cannot start a paused container, try unpause instead", start.Message);
        var rm = await Assert.ThrowsAsync<EngineException>(() => _h.Service.RemoveAsync("idle", new RemoveRequest(), None));
        Assert.Equal($"You cannot remove a paused container {id}. Unpause and then stop the container before attempting removal or force remove", rm.Message);

        await _h.Service.UnpauseAsync("idle", None);
        var unpause = await Assert.ThrowsAsync<EngineException>(() => _h.Service.UnpauseAsync("idle", None));
        Assert.Equal((ErrorKind.Conflict, $"Container {id} is not paused"), (unpause.Kind, unpause.Message));
        var rmRunning = await Assert.ThrowsAsync<EngineException>(() => _h.Service.RemoveAsync("idle", new RemoveRequest(), None));
        Assert.Equal($"You cannot remove a running container {id}. Stop the container before attempting removal or force remove", rmRunning.Message);

        await _h.Service.KillAsync("idle", "SIGUSR1", None);
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Exited, "exit after kill");
        Assert.Equal(128 + 10, _h.State(id).ExitCode);
        Assert.Equal(["create", "start", "pause", "unpause", "kill", "die"], _h.Actions(id));
    }

    [Fact]
    public async Task Events_for_each_transition_carry_labels_image_and_name()
    {
        var id = await _h.RunAsync("ev", new RunConfig { Labels = new() { ["team"] = "a" } });
        await _h.Service.ResizeAsync("ev", new TerminalSize(30, 100), None);
        await _h.Service.RenameAsync("ev", "ev2", None);
        await _h.Service.UpdateAsync("ev2", new ContainerUpdate(new ResourceLimits { Memory = 1 << 24 }), None);
        await _h.Service.RestartAsync("ev2", 1, None);
        _h.Runtime.Exit(id, 0, oomKilled: true);
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Exited, "exit");
        await _h.Service.RemoveAsync("ev2", new RemoveRequest(), None);

        Assert.Equal(["create", "start", "resize", "rename", "update", "kill", "die", "stop", "start", "restart", "oom", "die", "destroy"], _h.Actions(id));
        var events = _h.Events.Events.Where(e => e.ActorId == id.Value).ToList();
        Assert.All(events, e => Assert.Equal(("a", "busybox"), (e.Attributes["team"], e.Attributes["image"])));
        Assert.Equal("ev", events.First().Attributes["name"]);
        Assert.Equal("ev2", events.Last().Attributes["name"]);
        Assert.Equal("/ev", events.Single(e => e.Action == "rename").Attributes["oldName"]);
        Assert.Equal(("30", "100"), (events.Single(e => e.Action == "resize").Attributes["height"], events.Single(e => e.Action == "resize").Attributes["width"]));
        Assert.Equal("0", events.Last(e => e.Action == "die").Attributes["exitCode"]);
        Assert.Contains(_h.Runtime.CallLog, c => c.StartsWith($"update {id.Short} ", StringComparison.Ordinal) && c.Contains("\"limit\":16777216", StringComparison.Ordinal));
        Assert.Null(_h.Store.Get(id));
        Assert.False(Directory.Exists(Path.Combine(_h.Options.DataRoot, "containers", id.Value)));
    }

    [Fact]
    public async Task Stop_uses_the_configured_StopTimeout_when_the_request_has_none()
    {
        var id = await _h.RunAsync("quick", new RunConfig { StopTimeout = 2 });
        _h.Runtime.OnSignal = s => s == Signals.Kill ? 137 : null;
        var armed = _h.Clock.Armed;
        var stop = _h.Service.StopAsync("quick", new StopRequest(), None);
        await ContainerHarness.Eventually(() => _h.Runtime.SignalsSent.Count == 1 && _h.Clock.Armed > armed, "SIGTERM and its timeout");
        _h.Clock.Advance(TimeSpan.FromSeconds(2));
        await stop;
        Assert.Equal(TimeSpan.FromSeconds(2), _h.Runtime.Signals[1].At - _h.Runtime.Signals[0].At);
        Assert.Equal([(id, 15), (id, 9)], _h.Runtime.SignalsSent);
    }

    [Fact]
    public async Task Update_changes_the_restart_policy_and_refuses_one_with_AutoRemove()
    {
        var id = await _h.CreateAsync("upd");
        await _h.Service.UpdateAsync("upd", new ContainerUpdate(RestartPolicy: new RestartPolicy("on-failure", 5)), None);
        Assert.Equal(new RestartPolicy("on-failure", 5), _h.Store.Get(id)!.Spec.Host.RestartPolicy);
        Assert.DoesNotContain(_h.Runtime.CallLog, c => c.StartsWith("update", StringComparison.Ordinal));   // not running: nothing to apply live
        await _h.CreateAsync("auto", host: new HostSettings { AutoRemove = true });
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.Service.UpdateAsync("auto", new ContainerUpdate(RestartPolicy: new RestartPolicy("always")), None));
        Assert.Equal("Restart policy cannot be updated because AutoRemove is enabled for the container", e.Message);
    }

    [Fact]
    public async Task Rename_validates_and_reports_conflicts()
    {
        var other = await _h.CreateAsync("taken");
        await _h.CreateAsync("mine");
        var same = await Assert.ThrowsAsync<EngineException>(() => _h.Service.RenameAsync("mine", "mine", None));
        Assert.Equal("Renaming a container with the same name as its current name", same.Message);
        var used = await Assert.ThrowsAsync<EngineException>(() => _h.Service.RenameAsync("mine", "taken", None));
        Assert.Equal(ErrorKind.Conflict, used.Kind);
        Assert.StartsWith($"Error when allocating new name: Conflict. The container name \"/taken\" is already in use by container \"{other}\"", used.Message);
        await _h.Service.RenameAsync("mine", "yours", None);
        Assert.NotNull(_h.Store.FindByName("yours"));
        Assert.Null(_h.Store.FindByName("mine"));
        await _h.CreateAsync("mine");   // the old name is free again
    }

    [Fact]
    public async Task Force_remove_kills_a_running_container_then_removes_it()
    {
        var id = await _h.RunAsync("forced");
        await _h.Service.RemoveAsync("forced", new RemoveRequest(Force: true), None);
        Assert.Null(_h.Store.Get(id));
        Assert.Contains((id, 9), _h.Runtime.SignalsSent);
        Assert.Equal(["create", "start", "kill", "die", "destroy"], _h.Actions(id));
        Assert.Empty(_h.Rootfs.Mounted);
    }

    [Fact]
    public async Task Force_remove_goes_on_when_the_runtime_never_reports_the_exit()
    {
        var id = await _h.RunAsync("zombie");
        _h.Runtime.OnSignal = _ => null;
        var armed = _h.Clock.Armed;
        var remove = _h.Service.RemoveAsync("zombie", new RemoveRequest(Force: true), None);
        await ContainerHarness.Eventually(() => _h.Runtime.SignalsSent.Count == 1 && _h.Clock.Armed > armed, "SIGKILL and the wait for its exit");
        _h.Clock.Advance(TimeSpan.FromSeconds(30));
        await remove;
        Assert.Null(_h.Store.Get(id));
        Assert.Equal(["create", "start", "kill", "die", "destroy"], _h.Actions(id));
        Assert.Equal("137", _h.Events.Events.Single(e => e.Action == "die").Attributes["exitCode"]);
    }

    [Fact]
    public async Task Attach_before_start_is_connected_before_the_process_runs_so_no_output_is_lost()
    {
        var id = await _h.CreateAsync("chatty");
        _h.Runtime.OutputOnStart = _ => [(StdStream.Stdout, "hello\n"), (StdStream.Stderr, "oops\n")];
        _h.Runtime.ExitOnStart = _ => 0;
        var session = await _h.Service.AttachAsync("chatty", None);
        var wait = await _h.Service.WaitAsync("chatty", WaitCondition.NextExit, None);
        await _h.Service.StartAsync("chatty", None);
        var output = new List<string>();
        await foreach (var chunk in session.Streams.ReadOutputAsync(None))
            output.Add($"{chunk.Stream}:{System.Text.Encoding.UTF8.GetString(chunk.Data.Span)}");
        Assert.Equal(["Stdout:hello\n", "Stderr:oops\n"], output);
        Assert.Equal(0, (await wait.Result).ExitCode);
        Assert.Equal([$"create {id.Short}", $"attach {id.Short}", $"start {id.Short}"], _h.Runtime.CallLog.Take(3));
        Assert.Contains("attach", _h.Actions(id));
        await session.Streams.DisposeAsync();
    }

    [Fact]
    public async Task Image_users_and_counts_come_from_the_store()
    {
        var a = await _h.RunAsync("r1");
        var b = await _h.CreateAsync("c1");
        var c = await _h.RunAsync("p1");
        await _h.Service.PauseAsync("p1", None);
        var users = new ContainerImageUsers(_h.Store).ContainersUsing(_h.Busybox.Id);
        Assert.Equal([(a.Value, true), (b.Value, false), (c.Value, true)], users.OrderBy(u => u.ContainerId == a.Value ? 0 : u.ContainerId == b.Value ? 1 : 2));
        var counts = await new StoredContainerCounts(_h.Store).CountAsync(None);
        Assert.Equal(new Wharf.Engine.Info.ContainerCounts(1, 1, 1), counts);
        Assert.Empty(new ContainerImageUsers(_h.Store).ContainersUsing(Digest.Parse("sha256:" + new string('0', 64))));
    }
}
