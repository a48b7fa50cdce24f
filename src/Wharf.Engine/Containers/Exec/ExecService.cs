using System.Collections.Concurrent;
using System.Globalization;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Events;

namespace Wharf.Engine.Containers.Exec;

/// <summary>
/// Exec sessions over the container service: the container must run (and not be paused) at create and start;
/// the process runs through the runtime's exec, and its exit (from the runtime's exit stream) ends the session.
/// </summary>
public sealed class ExecService(ContainerService containers, IOciRuntime runtime, IEventService events) : IExecService
{
    readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public async Task<string> CreateAsync(string container, ExecCreateRequest request, CancellationToken ct)
    {
        if (request.Cmd.Count == 0) throw EngineException.Invalid("No exec command specified");
        ForgetSessionsOfRemovedContainers();
        var (record, slot, held) = await containers.LockAsync(container, ct);
        using (held)
        {
            EnsureRunnable(record, container);
            var id = ContainerId.New().Value;
            _sessions[id] = new Session(id, record.Id, request);
            lock (slot.ExecIds) slot.ExecIds.Add(id);
            Publish(record, $"exec_create: {string.Join(' ', request.Cmd)}", id);
            return id;
        }
    }

    public async Task<ExecStartResult> StartAsync(string execId, bool detach, CancellationToken ct)
    {
        var session = Get(execId);
        var (record, _, held) = await containers.LockAsync(session.ContainerId.Value, ct);
        using (held)
        {
            lock (session)
            {
                if (session.Running) throw EngineException.Conflict($"Error: Exec command {execId} is already running");
                if (session.ExitCode is not null || session.Started) throw EngineException.Conflict($"Error: Exec command {execId} has already run");
                session.Started = true;
            }
            try
            {
                EnsureRunnable(record, record.Name);
                var r = session.Request;
                TerminalSize? pending;
                lock (session) pending = session.PendingSize;
                var console = pending is { } p ? (p.Height, p.Width) : r.ConsoleSize;
                var shape = new ContainerService.ExecShape(r.Cmd, r.Env, r.User, r.WorkingDir, r.Tty, r.Privileged, r.AttachStdin, console);
                (IProcessStreams streams, Task<RuntimeExit> exit) process;
                try
                {
                    process = await containers.StartExecProcessAsync(record, execId, shape, ct);
                }
                catch (EngineException)
                {
                    // dockerd records 126 for an exec the runtime could not start; the docker CLI exits with it.
                    lock (session) session.ExitCode = 126;
                    throw;
                }
                var (streams, exit) = process;
                TerminalSize? late;
                lock (session)
                {
                    session.Running = true;
                    late = session.PendingSize == pending ? null : session.PendingSize;
                }
                // A resize that came while the process was being started.
                if (late is { } size)
                {
                    try { await runtime.ResizeExecAsync(record.Id, execId, size, CancellationToken.None); }
                    catch (EngineException) { /* the process may be gone already; a resize is best effort, as the CLI treats it */ }
                }
                Publish(record, $"exec_start: {string.Join(' ', r.Cmd)}", execId);
                var exited = FinishAsync(session, record, exit);
                if (!detach) return new ExecStartResult(r.Tty, streams, exited);
                // The runtime starts the process once its output is read: a detached exec is read and discarded.
                _ = DrainAsync(streams);
                return new ExecStartResult(r.Tty, null, exited);
            }
            catch
            {
                lock (session) session.Started = false;
                throw;
            }
        }
    }

    public Task<ExecView> InspectAsync(string execId, CancellationToken ct)
    {
        var s = Get(execId);
        lock (s)
        {
            return Task.FromResult(new ExecView
            {
                Id = s.Id,
                ContainerId = s.ContainerId,
                Running = s.Running,
                ExitCode = s.ExitCode,
                Request = s.Request,
                CanRemove = !s.Running,
            });
        }
    }

    public async Task ResizeAsync(string execId, TerminalSize size, CancellationToken ct)
    {
        var s = Get(execId);
        bool running, finished;
        lock (s)
        {
            (running, finished) = (s.Running, s.ExitCode is not null);
            // The CLI resizes as soon as the start's 101 arrives, which is before the process runs: the size is kept
            // and the process starts with it.
            if (!running && !finished) s.PendingSize = size;
        }
        if (finished) throw EngineException.Conflict("cannot resize a stopped container: unknown");
        if (running) await runtime.ResizeExecAsync(s.ContainerId, execId, size, ct);
    }

    /// <summary>A session lives as long as its container: one whose container was removed is gone too.</summary>
    Session Get(string execId)
    {
        if (!_sessions.TryGetValue(execId, out var s)) throw ContainerErrors.NoSuchExec(execId);
        if (containers.Store.Get(s.ContainerId) is not null) return s;
        _sessions.TryRemove(execId, out _);
        throw ContainerErrors.NoSuchExec(execId);
    }

    void ForgetSessionsOfRemovedContainers()
    {
        foreach (var (id, s) in _sessions)
            if (containers.Store.Get(s.ContainerId) is null) _sessions.TryRemove(id, out _);
    }

    static void EnsureRunnable(ContainerRecord record, string userRef)
    {
        if (record.State.Status == ContainerStatus.Paused) throw ContainerErrors.PausedExec(userRef);
        if (record.State.Status == ContainerStatus.Restarting) throw ContainerErrors.Restarting(record.Id);
        if (record.State.Status != ContainerStatus.Running) throw ContainerErrors.NotRunning(record.Id);
    }

    async Task<int> FinishAsync(Session session, ContainerRecord record, Task<RuntimeExit> exit)
    {
        var done = await exit;
        lock (session)
        {
            session.Running = false;
            session.ExitCode = done.ExitCode;
        }
        Publish(record, "exec_die", session.Id, ("exitCode", done.ExitCode.ToString(CultureInfo.InvariantCulture)));
        return done.ExitCode;
    }

    static async Task DrainAsync(IProcessStreams streams)
    {
        await using (streams)
        {
            await foreach (var _ in streams.ReadOutputAsync(CancellationToken.None))
            {
                // Discarded: nobody attached.
            }
        }
    }

    void Publish(ContainerRecord r, string action, string execId, params (string Key, string Value)[] extra)
    {
        var attributes = new Dictionary<string, string>(r.Labels, StringComparer.Ordinal)
        {
            ["image"] = r.ImageName,
            ["name"] = r.Name,
            ["execID"] = execId,
        };
        foreach (var (k, v) in extra) attributes[k] = v;
        events.Publish(EventType.Container, action, r.Id.Value, attributes);
    }

    sealed class Session(string id, ContainerId containerId, ExecCreateRequest request)
    {
        public string Id { get; } = id;
        public ContainerId ContainerId { get; } = containerId;
        public ExecCreateRequest Request { get; } = request;
        public bool Started { get; set; }
        public bool Running { get; set; }
        public int? ExitCode { get; set; }
        /// <summary>The last size asked for before the process ran.</summary>
        public TerminalSize? PendingSize { get; set; }
    }
}
