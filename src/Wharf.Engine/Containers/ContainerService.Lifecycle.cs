using System.Globalization;
using Wharf.Engine.Containers.Health;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    public async Task<StartOutcome> StartAsync(string name, CancellationToken ct)
    {
        var (record, slot, held) = await LockAsync(name, ct);
        using (held)
        {
            if (record.State.Status == ContainerStatus.Running) return StartOutcome.AlreadyRunning;
            ContainerLifecycle.Require(record.State.Status, LifecycleTrigger.Start, record.Id, name);
            if (slot.RestartTimer is { } timer) await timer.CancelAsync();
            slot.RestartTimer = null;
            slot.Backoff = TimeSpan.Zero;
            record = await SaveAsync(record, record.State with { ManuallyStopped = false, RestartCount = 0 });
            record = await StartCoreAsync(record, slot, ct);
            Publish(record, "start");
            return StartOutcome.Started;
        }
    }

    /// <summary>Mounts, writes the bundle, creates, connects waiting attaches, starts. The caller holds the lock.</summary>
    async Task<ContainerRecord> StartCoreAsync(ContainerRecord record, ContainerSlot slot, CancellationToken ct)
    {
        var pending = slot.TakePending();
        RuntimeProcess process;
        Networks.ContainerNetworkSetup? network = null;
        var created = false;
        try
        {
            var image = await _images.InspectAsync(record.ImageId.ToString(), ct);
            slot.ImageConfig = image.Config;
            Directory.CreateDirectory(record.Paths.ContainerDir);
            Directory.CreateDirectory(record.Paths.BundleDir);
            await _rootfs.MountAsync(record.Paths.ContainerDir, LowerDirs(image), ct);
            network = await _networks.AttachAsync(NetworkPlan(record), ct);
            var bundle = BundleFor(record, image.Config) with
            {
                NetworkNamespacePath = network.NamespacePath,
                IPAddress = network.Endpoints.FirstOrDefault()?.IPAddress,
                EmbeddedDns = network.EmbeddedDns,
            };
            await _bundles.WriteBundleAsync(bundle with { VolumeMounts = await MountVolumesAsync(record, bundle.RootfsPath, ct) }, ct);
            var config = record.Spec.Config;
            process = await _runtime.CreateAsync(new RuntimeCreateRequest(record.Id, record.Paths.BundleDir, record.Paths.StateDir,
                record.Paths.LogPath, config.Tty, config.OpenStdin, config.StdinOnce, LogSizeMax(record.Spec.Host.Log)), ct);
            created = true;
            foreach (var attach in pending) attach.Connect(await _runtime.AttachAsync(record.Id, ct));
            await _runtime.StartAsync(record.Id, ct);
        }
        catch (Exception e)
        {
            foreach (var attach in pending) attach.Fail(e);
            if (created) await Cleanup(record.Id, "runtime delete", () => _runtime.DeleteAsync(record.Id, true, CancellationToken.None));
            await Cleanup(record.Id, "network", () => new ValueTask(_networks.DetachAsync(record.Id.Value, CancellationToken.None)));
            await Cleanup(record.Id, "unmount", () => _rootfs.UnmountAsync(record.Paths.ContainerDir, CancellationToken.None));
            await Cleanup(record.Id, "volumes", () => new ValueTask(_volumes.UnmountAsync(record.Id.Value, CancellationToken.None)));
            if (e is OperationCanceledException) throw;
            // dockerd keeps the container in its state, records the error, and derives 126/127 from the runtime's words.
            var failed = await SaveAsync(record, record.State with { Error = e.Message, ExitCode = StartFailureExitCode(e.Message) });
            // As dockerd: an AutoRemove container that cannot start is removed, so that `run --rm`'s wait for
            // "removed" ends (with the 126/127 above) instead of waiting for an exit that never comes.
            if (failed.Spec.Host.AutoRemove) await RemoveCoreAsync(failed, slot);
            if (e is EngineException) throw;
            throw new EngineException(ErrorKind.Internal, e.Message, e);
        }

        var health = HealthRules.Command(record.Spec.Config.Healthcheck) is null ? null : new HealthState(HealthState.Starting, 0, []);
        record = await SaveAsync(record, record.State with
        {
            Status = ContainerLifecycle.Require(record.State.Status, LifecycleTrigger.Start, record.Id, record.Name),
            Pid = process.Pid,
            MonitorPid = process.MonitorPid,
            ExitCode = 0,
            OomKilled = false,
            Error = "",
            StartedAt = _time.GetUtcNow(),
            Health = health,
            Network = network,
        });
        StartHealthMonitor(record, slot);
        ContainerLog.Started(_logger, record.Id, process.Pid);
        return record;
    }

    internal static int StartFailureExitCode(string message) =>
        message.Contains("executable file not found", StringComparison.Ordinal) || message.Contains("no such file or directory", StringComparison.Ordinal) ? 127
        : message.Contains("permission denied", StringComparison.Ordinal) ? 126
        : 128;

    static long LogSizeMax(LogSettings log) =>
        log.Options.TryGetValue("max-size", out var size) && TryParseSize(size, out var bytes) ? bytes : 0;

    /// <summary>go-units <c>RAMInBytes</c>: <c>10m</c>, <c>1g</c>, <c>512k</c>, plain bytes.</summary>
    internal static bool TryParseSize(string s, out long bytes)
    {
        bytes = 0;
        s = s.Trim().ToLowerInvariant();
        if (s.EndsWith('b')) s = s[..^1];
        long unit = 1;
        if (s.Length > 0 && "kmgtp".Contains(s[^1], StringComparison.Ordinal))
        {
            unit = 1L << (10 * ("kmgtp".IndexOf(s[^1], StringComparison.Ordinal) + 1));
            s = s[..^1];
        }
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n < 0) return false;
        bytes = (long)(n * unit);
        return true;
    }

    public async Task<StopOutcome> StopAsync(string name, StopRequest request, CancellationToken ct)
    {
        var signal = request.Signal is { Length: > 0 } s ? Signals.Parse(s) : (int?)null;
        Task<WaitResult> exited;
        TimeSpan? timeout;
        ContainerRecord record;
        var (locked, slot, held) = await LockAsync(name, ct);
        using (held)
        {
            record = locked;
            if (record.State.Status == ContainerStatus.Restarting)
            {
                // Nothing runs during a restart back-off: cancelling the restart is the stop.
                if (slot.RestartTimer is { } timer) await timer.CancelAsync();
                slot.RestartTimer = null;
                record = await SaveAsync(record, record.State with { Status = ContainerStatus.Exited, ManuallyStopped = true });
                Publish(record, "stop");
                slot.ReleaseExitWaiters(new WaitResult(record.State.ExitCode, null));
                return StopOutcome.Stopped;
            }
            if (record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused)) return StopOutcome.AlreadyStopped;
            record = await SaveAsync(record, record.State with { ManuallyStopped = true });
            signal ??= record.Spec.Config.StopSignal is { Length: > 0 } configured ? Signals.Parse(configured) : Signals.Term;
            var seconds = request.Timeout ?? record.Spec.Config.StopTimeout ?? _options.DefaultStopTimeout;
            timeout = seconds < 0 ? null : TimeSpan.FromSeconds(seconds);
            exited = slot.NextExit;
            await SignalAsync(record, signal.Value, ct);
        }

        if (timeout is { } limit)
        {
            try
            {
                await exited.WaitAsync(limit, _time, ct);
            }
            catch (TimeoutException)
            {
                ContainerLog.Escalating(_logger, record.Id, limit);
                var (again, _, heldAgain) = await LockAsync(record.Id.Value, ct);
                using (heldAgain)
                {
                    if (again.State.Status is ContainerStatus.Running or ContainerStatus.Paused) await SignalAsync(again, Signals.Kill, ct);
                }
            }
        }
        await exited.WaitAsync(ct);
        Publish(record, "stop");
        return StopOutcome.Stopped;
    }

    /// <summary>Sends a signal and publishes <c>kill</c>; a paused container is then resumed so that it can act on it. Lock held.</summary>
    async Task SignalAsync(ContainerRecord record, int signal, CancellationToken ct)
    {
        await _runtime.KillAsync(record.Id, signal, false, ct);
        Publish(record, "kill", ("signal", signal.ToString(CultureInfo.InvariantCulture)));
        // A frozen process acts on no signal (not even SIGKILL under the v1 freezer) until it is thawed; it may be gone by then.
        if (record.State.Status == ContainerStatus.Paused) await Cleanup(record.Id, "resume", () => _runtime.ResumeAsync(record.Id, CancellationToken.None));
    }

    public async Task RestartAsync(string name, int? timeout, CancellationToken ct)
    {
        await StopAsync(name, new StopRequest(timeout), ct);
        var (record, slot, held) = await LockAsync(name, ct);
        using (held)
        {
            if (record.State.Status != ContainerStatus.Running)
            {
                ContainerLifecycle.Require(record.State.Status, LifecycleTrigger.Start, record.Id, name);
                slot.Backoff = TimeSpan.Zero;
                record = await SaveAsync(record, record.State with { ManuallyStopped = false, RestartCount = 0 });
                record = await StartCoreAsync(record, slot, ct);
                Publish(record, "start");
            }
            Publish(record, "restart");
        }
    }

    public async Task KillAsync(string name, string? signal, CancellationToken ct)
    {
        var number = signal is { Length: > 0 } s ? Signals.Parse(s) : Signals.Kill;
        var (record, _, held) = await LockAsync(name, ct);
        using (held)
        {
            if (record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused)) throw ContainerErrors.CannotKill(name, record.Id);
            record = await SaveAsync(record, record.State with { ManuallyStopped = true });
            await SignalAsync(record, number, ct);
        }
    }

    public async Task PauseAsync(string name, CancellationToken ct)
    {
        var (record, _, held) = await LockAsync(name, ct);
        using (held)
        {
            var next = ContainerLifecycle.Require(record.State.Status, LifecycleTrigger.Pause, record.Id, name);
            await _runtime.PauseAsync(record.Id, ct);
            record = await SaveAsync(record, record.State with { Status = next });
            Publish(record, "pause");
        }
    }

    public async Task UnpauseAsync(string name, CancellationToken ct)
    {
        var (record, _, held) = await LockAsync(name, ct);
        using (held)
        {
            var next = ContainerLifecycle.Require(record.State.Status, LifecycleTrigger.Unpause, record.Id, name);
            await _runtime.ResumeAsync(record.Id, ct);
            record = await SaveAsync(record, record.State with { Status = next });
            Publish(record, "unpause");
        }
    }

    public async Task<WaitHandle> WaitAsync(string name, WaitCondition condition, CancellationToken ct)
    {
        var (record, slot, held) = await LockAsync(name, ct);
        using (held)
        {
            var result = condition switch
            {
                WaitCondition.Removed => slot.Removed,
                WaitCondition.NextExit => slot.NextExit,
                _ when record.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting => slot.NextExit,
                _ => Task.FromResult(new WaitResult(record.State.ExitCode, NullIfEmpty(record.State.Error))),
            };
            return new WaitHandle(record.Id, result.WaitAsync(ct));
        }
    }

    static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    public async Task RenameAsync(string name, string newName, CancellationToken ct)
    {
        var valid = ContainerNames.Validate(newName);
        var (record, _, held) = await LockAsync(name, ct);
        using (held)
        {
            if (record.Name == valid) throw EngineException.Invalid("Renaming a container with the same name as its current name");
            var old = record.Name;
            var renamed = record with { Name = valid, Spec = record.Spec with { Name = valid } };
            try
            {
                await _store.UpdateAsync(renamed, ct);
            }
            catch (EngineException e) when (e.Kind == ErrorKind.Conflict)
            {
                throw EngineException.Conflict($"Error when allocating new name: {e.Message}");
            }
            Publish(renamed, "rename", ("oldName", "/" + old));
        }
    }

    public async Task ResizeAsync(string name, TerminalSize size, CancellationToken ct)
    {
        var (record, _, held) = await LockAsync(name, ct);
        using (held)
        {
            if (record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused)) throw ContainerErrors.NotRunning(record.Id);
            await _runtime.ResizeAsync(record.Id, size, ct);
            Publish(record, "resize", ("height", size.Height.ToString(CultureInfo.InvariantCulture)),
                ("width", size.Width.ToString(CultureInfo.InvariantCulture)));
        }
    }

    public async Task<AttachSession> AttachAsync(string name, CancellationToken ct)
    {
        var (record, slot, held) = await LockAsync(name, ct);
        using (held)
        {
            IProcessStreams streams = record.State.Status is ContainerStatus.Running or ContainerStatus.Paused
                ? await _runtime.AttachAsync(record.Id, ct)
                : slot.AddPending();
            Publish(record, "attach");
            return new AttachSession(record.Id, record.Spec.Config.Tty, streams);
        }
    }

    async Task Cleanup(ContainerId id, string step, Func<ValueTask> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Clean-up failures are logged, never allowed to stop an exit or a removal from being recorded.
            ContainerLog.CleanupFailed(_logger, id, step, e);
        }
    }
}
