using System.Text;
using Wharf.Engine.Containers.Bundles;
using Wharf.Engine.Containers.Health;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Starts probing when the container has a health check. Lock held.</summary>
    void StartHealthMonitor(ContainerRecord record, ContainerSlot slot)
    {
        var config = record.Spec.Config.Healthcheck;
        if (config is null || HealthRules.Command(config) is not { } command) return;
        var id = record.Id;
        slot.Health = new HealthMonitor(HealthRules.Interval(config), _time, ct => ProbeAsync(id, command, config, ct));
    }

    async Task ProbeAsync(ContainerId id, IReadOnlyList<string> command, Images.HealthConfig config, CancellationToken ct)
    {
        var target = _store.Get(id);
        if (target is null || target.State.Status != ContainerStatus.Running) return;
        var start = _time.GetUtcNow();
        HealthProbeResult result;
        try
        {
            var (exitCode, output) = await RunProbeAsync(target, command, HealthRules.Timeout(config), ct);
            result = new HealthProbeResult(start, _time.GetUtcNow(), exitCode, output);
        }
        catch (TimeoutException)
        {
            var timeout = HealthRules.Timeout(config);
            result = new HealthProbeResult(start, _time.GetUtcNow(), -1, $"Health check exceeded timeout ({HealthRules.GoDuration(timeout)})");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ContainerLog.ProbeFailed(_logger, id, e);
            result = new HealthProbeResult(start, _time.GetUtcNow(), -1, e.Message);
        }

        var slot = Slot(id);
        await slot.Lock.WaitAsync(ct);
        try
        {
            var record = _store.Get(id);
            if (record is null || record.State.Status != ContainerStatus.Running || slot.Health is null) return;
            var before = record.State.Health ?? new HealthState(HealthState.Starting, 0, []);
            var inStartPeriod = config.StartPeriod > 0 && record.State.StartedAt is { } started &&
                                result.Start < started + TimeSpan.FromTicks(config.StartPeriod / 100);
            var after = HealthRules.Apply(before, result, inStartPeriod, HealthRules.Retries(config));
            record = await SaveAsync(record, record.State with { Health = after });
            if (after.Status != before.Status) Publish(record, $"health_status: {after.Status}");
        }
        finally
        {
            slot.Lock.Release();
        }
    }

    /// <summary>Runs a command in the container as an exec and collects its exit code and (capped) output.</summary>
    async Task<(int ExitCode, string Output)> RunProbeAsync(ContainerRecord record, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        var execId = ContainerId.New().Value;
        var (streams, exit) = await StartExecProcessAsync(record, execId, new ExecShape(command, [], "", "", false, false, false, null), ct);
        await using (streams)
        {
            using var deadline = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            var output = new List<byte>();
            try
            {
                await foreach (var chunk in streams.ReadOutputAsync(linked.Token))
                    if (output.Count < HealthRules.MaxOutput)
                        output.AddRange(chunk.Data.Span[..Math.Min(chunk.Data.Length, HealthRules.MaxOutput - output.Count)]);
                var done = await exit.WaitAsync(linked.Token);
                return (done.ExitCode, Encoding.UTF8.GetString([.. output]));
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                ExecExits.Forget(execId);
                throw new TimeoutException();
            }
        }
    }

    /// <summary>What an exec runs, as <see cref="ExecProcessRequest"/> wants it without the container part.</summary>
    internal sealed record ExecShape(IReadOnlyList<string> Cmd, IReadOnlyList<string> Env, string User, string WorkingDir,
                                     bool Tty, bool Privileged, bool OpenStdin, (ushort Height, ushort Width)? ConsoleSize);

    /// <summary>Writes the exec's process spec and asks the runtime for it; its exit arrives on the returned task.</summary>
    internal async Task<(IProcessStreams Streams, Task<RuntimeExit> Exit)> StartExecProcessAsync(ContainerRecord record, string execId, ExecShape shape, CancellationToken ct)
    {
        var slot = Slot(record.Id);
        var image = slot.ImageConfig ?? (await _images.InspectAsync(record.ImageId.ToString(), ct)).Config;
        slot.ImageConfig = image;
        var dir = Path.Combine(record.Paths.StateDir, "exec", execId);
        Directory.CreateDirectory(dir);
        var specPath = Path.Combine(dir, "process.json");
        await _bundles.WriteExecProcessAsync(new ExecProcessRequest
        {
            Container = BundleFor(record, image),
            Cmd = shape.Cmd,
            Env = shape.Env,
            User = shape.User,
            WorkingDir = shape.WorkingDir,
            Tty = shape.Tty,
            Privileged = shape.Privileged,
            ConsoleSize = shape.ConsoleSize,
        }, specPath, ct);
        var exit = ExecExits.Register(execId);
        try
        {
            var streams = await _runtime.ExecAsync(new RuntimeExecRequest(record.Id, execId, specPath, dir, shape.Tty, shape.OpenStdin), ct);
            return (streams, exit);
        }
        catch
        {
            ExecExits.Forget(execId);
            throw;
        }
    }
}
