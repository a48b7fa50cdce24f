using System.Threading.Channels;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Testing.Containers;

/// <summary>
/// An in-memory <see cref="IOciRuntime"/> on a <see cref="TimeProvider"/>: a table of fake processes, signals that
/// end them as <see cref="OnSignal"/> says, exits on a channel, and every call recorded.
/// </summary>
public sealed class FakeOciRuntime(TimeProvider time) : IOciRuntime
{
    readonly Lock _gate = new();
    readonly Dictionary<ContainerId, FakeProcess> _processes = [];
    readonly Channel<RuntimeExit> _exits = Channel.CreateUnbounded<RuntimeExit>();
    int _nextPid = 1000;

    /// <summary>The exit code a signal causes; null = the process ignores it. Default: every signal kills (128 + n).</summary>
    public Func<int, int?> OnSignal { get; set; } = s => 128 + s;

    /// <summary>An exit code for a process that exits as soon as it starts; null (default) = it keeps running.</summary>
    public Func<ContainerId, int?> ExitOnStart { get; set; } = _ => null;

    /// <summary>Output a container writes as soon as it starts (before an immediate exit).</summary>
    public Func<ContainerId, IReadOnlyList<(StdStream Stream, string Text)>> OutputOnStart { get; set; } = _ => [];

    /// <summary>A message for a create that fails (as runc's), or null.</summary>
    public Func<ContainerId, string?> FailCreate { get; set; } = _ => null;

    /// <summary>What an exec does once its output is read: exit code and output; a null exit code = it never ends.</summary>
    public Func<RuntimeExecRequest, (int? ExitCode, string Output)> OnExec { get; set; } = _ => (0, "");

    public List<string> Calls { get; } = [];
    public List<(ContainerId Id, int Signal, DateTimeOffset At)> Signals { get; } = [];
    public List<RuntimeExecRequest> Execs { get; } = [];

    public sealed class FakeProcess(int pid)
    {
        public int Pid { get; } = pid;
        public RuntimeStatus Status { get; set; } = RuntimeStatus.Created;
        public List<FakeProcessStreams> Attached { get; } = [];
    }

    public IReadOnlyList<(ContainerId Id, int Signal)> SignalsSent
    {
        get
        {
            lock (_gate) return Signals.Select(s => (s.Id, s.Signal)).ToList();
        }
    }

    public IReadOnlyList<string> CallLog
    {
        get
        {
            lock (_gate) return [.. Calls];
        }
    }

    /// <summary>Declares a process as a previous daemon life left it (for restore tests).</summary>
    public void Seed(ContainerId id, RuntimeStatus status, int pid)
    {
        lock (_gate) _processes[id] = new FakeProcess(pid) { Status = status };
    }

    /// <summary>Queues an exit, as a monitor reports it (or replays it after a daemon restart).</summary>
    public void Exit(ContainerId id, int exitCode, bool oomKilled = false)
    {
        FakeProcess? process;
        lock (_gate)
        {
            process = _processes.GetValueOrDefault(id);
            if (process is not null) process.Status = RuntimeStatus.Stopped;
        }
        if (process is not null)
            foreach (var s in process.Attached) s.Complete();
        _exits.Writer.TryWrite(new RuntimeExit(id, null, exitCode, oomKilled, time.GetUtcNow()));
    }

    public RuntimeStatus StatusOf(ContainerId id)
    {
        lock (_gate) return _processes.TryGetValue(id, out var p) ? p.Status : RuntimeStatus.Unknown;
    }

    public ValueTask<RuntimeProcess> CreateAsync(RuntimeCreateRequest request, CancellationToken ct)
    {
        Record($"create {request.Id.Short}");
        if (FailCreate(request.Id) is { } message) throw new EngineException(ErrorKind.InvalidArgument, message);
        lock (_gate)
        {
            var process = new FakeProcess(++_nextPid);
            _processes[request.Id] = process;
            return ValueTask.FromResult(new RuntimeProcess(process.Pid, process.Pid + 10_000));
        }
    }

    public ValueTask StartAsync(ContainerId id, CancellationToken ct)
    {
        Record($"start {id.Short}");
        FakeProcess process;
        lock (_gate)
        {
            process = _processes[id];
            process.Status = RuntimeStatus.Running;
        }
        foreach (var (stream, text) in OutputOnStart(id))
            foreach (var s in process.Attached) s.Write(stream, text);
        if (ExitOnStart(id) is { } code) Exit(id, code);
        return ValueTask.CompletedTask;
    }

    public ValueTask KillAsync(ContainerId id, int signal, bool all, CancellationToken ct)
    {
        Record($"kill {id.Short} {signal}");
        lock (_gate)
        {
            Signals.Add((id, signal, time.GetUtcNow()));
            if (!_processes.TryGetValue(id, out var p) || p.Status is not (RuntimeStatus.Running or RuntimeStatus.Paused))
                throw EngineException.Conflict("container not running");
        }
        if (OnSignal(signal) is { } code) Exit(id, code);
        return ValueTask.CompletedTask;
    }

    public ValueTask PauseAsync(ContainerId id, CancellationToken ct) => SetStatus(id, "pause", RuntimeStatus.Paused);

    public ValueTask ResumeAsync(ContainerId id, CancellationToken ct) => SetStatus(id, "resume", RuntimeStatus.Running);

    ValueTask SetStatus(ContainerId id, string call, RuntimeStatus status)
    {
        Record($"{call} {id.Short}");
        lock (_gate)
            if (_processes.TryGetValue(id, out var p) && p.Status != RuntimeStatus.Stopped) p.Status = status;
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateAsync(ContainerId id, ReadOnlyMemory<byte> linuxResourcesJson, CancellationToken ct)
    {
        Record($"update {id.Short} {System.Text.Encoding.UTF8.GetString(linuxResourcesJson.Span)}");
        return ValueTask.CompletedTask;
    }

    public ValueTask<RuntimeState> StateAsync(ContainerId id, CancellationToken ct)
    {
        lock (_gate)
            return ValueTask.FromResult(_processes.TryGetValue(id, out var p) ? new RuntimeState(p.Status, p.Pid) : new RuntimeState(RuntimeStatus.Unknown, 0));
    }

    public ValueTask DeleteAsync(ContainerId id, bool force, CancellationToken ct)
    {
        Record($"delete {id.Short}");
        lock (_gate) _processes.Remove(id);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IProcessStreams> AttachAsync(ContainerId id, CancellationToken ct)
    {
        Record($"attach {id.Short}");
        var streams = new FakeProcessStreams();
        lock (_gate)
        {
            if (!_processes.TryGetValue(id, out var p)) throw EngineException.Conflict("no such container in the runtime");
            p.Attached.Add(streams);
            if (p.Status == RuntimeStatus.Stopped) streams.Complete();
        }
        return ValueTask.FromResult<IProcessStreams>(streams);
    }

    public ValueTask ResizeAsync(ContainerId id, TerminalSize size, CancellationToken ct)
    {
        Record($"resize {id.Short} {size.Height}x{size.Width}");
        return ValueTask.CompletedTask;
    }

    public ValueTask<IProcessStreams> ExecAsync(RuntimeExecRequest request, CancellationToken ct)
    {
        Record($"exec {request.Id.Short}");
        lock (_gate) Execs.Add(request);
        FakeProcessStreams? streams = null;
        streams = new FakeProcessStreams(() =>
        {
            var (code, output) = OnExec(request);
            if (output.Length > 0) streams!.Write(StdStream.Stdout, output);
            if (code is { } exit)
            {
                streams!.Complete();
                _exits.Writer.TryWrite(new RuntimeExit(request.Id, request.ExecId, exit, false, time.GetUtcNow()));
            }
        });
        return ValueTask.FromResult<IProcessStreams>(streams);
    }

    public ValueTask ResizeExecAsync(ContainerId id, string execId, TerminalSize size, CancellationToken ct)
    {
        Record($"resize-exec {execId[..12]} {size.Height}x{size.Width}");
        return ValueTask.CompletedTask;
    }

    public IAsyncEnumerable<RuntimeExit> ExitsAsync(CancellationToken ct) => _exits.Reader.ReadAllAsync(ct);

    void Record(string call)
    {
        lock (_gate) Calls.Add(call);
    }
}
