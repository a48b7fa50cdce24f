using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Linux.Native;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Linux.Runtime;

/// <summary>
/// <see cref="IOciRuntime"/> with one conmon per container (and per exec session) driving runc. conmon holds the
/// container's stdio, writes its log and its exit code, and keeps doing so while the daemon is down; every runc
/// subcommand other than create/exec runs through <see cref="IProcessRunner"/>. All state lives in files under the
/// exec root, so a new instance (after a daemon restart) finds running containers and their exits again.
/// </summary>
public sealed class ConmonRuntime : IOciRuntime
{
    readonly RuntimeLayout _layout;
    readonly Runc _runc;
    readonly Lazy<string> _conmon;
    readonly TimeSpan _timeout;
    readonly Lock _watchesLock = new();
    readonly List<ExitWatch> _watches = [];

    public ConmonRuntime(ConmonRuntimeOptions options, IProcessRunner runner)
    {
        _layout = new RuntimeLayout(options.ExecRoot);
        _layout.EnsureCreated();
        _timeout = options.CommandTimeout;
        // Programs are looked up on first use, so a daemon on a host without them starts (and fails only what needs them).
        _conmon = new Lazy<string>(() => ExecutablePath.Resolve(options.ConmonPath));
        _runc = new Runc(runner, new Lazy<string>(() => ExecutablePath.Resolve(options.RuncPath)), _layout.RuncRoot, options.CommandTimeout, options.RuncArgs);
    }

    public async ValueTask<RuntimeProcess> CreateAsync(RuntimeCreateRequest request, CancellationToken ct)
    {
        var id = request.Id.Value;
        var monitor = _layout.MonitorDir(id);
        if (Directory.Exists(monitor)) Directory.Delete(monitor, recursive: true);
        Directory.CreateDirectory(monitor);
        Directory.CreateDirectory(request.StateDir);
        File.CreateSymbolicLink(_layout.BundleLink(id), Path.GetFullPath(request.BundleDir));
        File.Delete(_layout.ExitFile(id));
        var pidFile = Path.Combine(request.StateDir, "pidfile");
        var monitorPidFile = Path.Combine(request.StateDir, "conmon.pid");
        File.Delete(pidFile);

        var args = new List<string>
        {
            "--api-version", "1", "-c", id, "-u", id, "-n", id, "-r", _runc.Path, "-b", Path.GetFullPath(request.BundleDir),
            "-p", pidFile, "-P", monitorPidFile, "-l", "k8s-file:" + Path.GetFullPath(request.LogPath),
            "--exit-dir", _layout.ExitDir, "--persist-dir", monitor, "--full-attach",
        };
        if (request.LogSizeMax > 0) args.AddRange(["--log-size-max", request.LogSizeMax.ToString(CultureInfo.InvariantCulture)]);
        if (request.Tty) args.Add("-t");
        if (request.OpenStdin)
        {
            args.Add("-i");
            // As dockerd: the end of a client's input closes the container's stdin only for StdinOnce without a TTY;
            // otherwise stdin stays open for the next attach.
            if (!request.StdinOnce || request.Tty) args.Add("--leave-stdin-open");
        }
        AddRuntimeArguments(args);

        await using var launch = ConmonLaunch.Start(_conmon.Value, args, monitor, attachPipe: false);
        await launch.ReleaseAsync(ct);
        var launched = await launch.ReapAsync();
        var reply = await launch.ReadSyncAsync(_timeout, ct);
        if (reply is null) throw new EngineException(ErrorKind.Internal, $"conmon exited (status {launched}) without creating container {id}");
        if (reply.Data < 0) throw RuncErrors.From("create", reply.Message ?? "");
        return new RuntimeProcess(reply.Data, ReadPid(monitorPidFile));
    }

    public async ValueTask StartAsync(ContainerId id, CancellationToken ct) => await _runc.RunAsync(["start", id.Value], ct);

    public async ValueTask KillAsync(ContainerId id, int signal, bool all, CancellationToken ct)
    {
        var signalText = signal.ToString(CultureInfo.InvariantCulture);
        await _runc.RunAsync(all ? ["kill", "--all", id.Value, signalText] : ["kill", id.Value, signalText], ct);
    }

    public async ValueTask PauseAsync(ContainerId id, CancellationToken ct) => await _runc.RunAsync(["pause", id.Value], ct);

    public async ValueTask ResumeAsync(ContainerId id, CancellationToken ct) => await _runc.RunAsync(["resume", id.Value], ct);

    public async ValueTask UpdateAsync(ContainerId id, ReadOnlyMemory<byte> linuxResourcesJson, CancellationToken ct) =>
        await _runc.RunAsync(["update", "--resources", "-", id.Value], ct, Encoding.UTF8.GetString(linuxResourcesJson.Span));

    public async ValueTask<RuntimeState> StateAsync(ContainerId id, CancellationToken ct)
    {
        var result = await _runc.TryRunAsync(["state", id.Value], ct);
        if (!result.Succeeded)
        {
            var error = RuncErrors.From("state", result.StandardError);
            if (error.Kind == ErrorKind.NotFound) return new RuntimeState(RuntimeStatus.Unknown, 0);
            throw error;
        }
        using var doc = JsonDocument.Parse(result.StandardOutput);
        var root = doc.RootElement;
        var status = root.GetProperty("status").GetString() switch
        {
            "created" => RuntimeStatus.Created,
            "running" => RuntimeStatus.Running,
            "paused" => RuntimeStatus.Paused,
            "stopped" => RuntimeStatus.Stopped,
            _ => RuntimeStatus.Unknown,
        };
        var pid = root.TryGetProperty("pid", out var p) ? p.GetInt32() : 0;
        return new RuntimeState(status, status == RuntimeStatus.Stopped ? 0 : pid);
    }

    public async ValueTask DeleteAsync(ContainerId id, bool force, CancellationToken ct)
    {
        var result = await _runc.TryRunAsync(force ? ["delete", "--force", id.Value] : ["delete", id.Value], ct);
        if (!result.Succeeded)
        {
            var error = RuncErrors.From("delete", result.StandardError);
            // Nothing left to remove in runc: the files below may still be, and removing them is what was asked.
            if (error.Kind != ErrorKind.NotFound) throw error;
        }
        File.Delete(_layout.ExitFile(id.Value));
        var monitor = _layout.MonitorDir(id.Value);
        if (Directory.Exists(monitor)) Directory.Delete(monitor, recursive: true);
    }

    public async ValueTask<IProcessStreams> AttachAsync(ContainerId id, CancellationToken ct) =>
        await AttachStreams.ConnectAsync(_layout.BundleLink(id.Value), id.Value, ct);

    public ValueTask ResizeAsync(ContainerId id, TerminalSize size, CancellationToken ct) =>
        ConmonControl.ResizeAsync(_layout.BundleLink(id.Value), id.Value, $"No such container: {id}", size, ct);

    public ValueTask ResizeExecAsync(ContainerId id, string execId, TerminalSize size, CancellationToken ct) =>
        ConmonControl.ResizeAsync(_layout.ExecLink(id.Value, execId), execId, $"No such exec instance: {execId}", size, ct);

    public async ValueTask<IProcessStreams> ExecAsync(RuntimeExecRequest request, CancellationToken ct)
    {
        var id = request.Id.Value;
        var dir = Path.GetFullPath(request.StateDir);
        var exits = Path.Combine(dir, "exits");
        Directory.CreateDirectory(exits);
        File.Delete(Path.Combine(exits, id));
        var link = _layout.ExecLink(id, request.ExecId);
        if (!Directory.Exists(_layout.MonitorDir(id))) throw EngineException.NotFound($"No such container: {id}");
        File.Delete(link);
        File.CreateSymbolicLink(link, dir);

        var args = new List<string>
        {
            "--api-version", "1", "-c", id, "-u", request.ExecId, "-r", _runc.Path, "-b", dir,
            "-p", Path.Combine(dir, "pidfile"), "-P", Path.Combine(dir, "conmon.pid"), "-l", "none",
            "--exit-dir", exits, "--full-attach", "-e", "--exec-attach", "--exec-process-spec", Path.GetFullPath(request.ProcessSpecPath),
        };
        if (request.Tty) args.Add("-t");
        if (request.OpenStdin) args.Add("-i");
        // An exec's input ends with its client's, except on a TTY (detaching must not end an interactive shell).
        if (request.OpenStdin && request.Tty) args.Add("--leave-stdin-open");
        AddRuntimeArguments(args);

        var launch = ConmonLaunch.Start(_conmon.Value, args, dir, attachPipe: true);
        AttachStreams? streams = null;
        try
        {
            await launch.ReleaseAsync(ct);
            var launched = await launch.ReapAsync();
            var ready = await launch.ReadAttachAsync(_timeout, ct);
            if (ready is null || ready.Data < 0)
                throw new EngineException(ErrorKind.Internal, $"conmon exited (status {launched}) before the exec's attach socket was ready");
            streams = await AttachStreams.ConnectAsync(dir, id, ct);
            await launch.ReleaseAsync(ct); // attached: now conmon runs `runc exec`
            var reply = await launch.ReadSyncAsync(_timeout, ct);
            if (reply is null) throw new EngineException(ErrorKind.Internal, $"conmon exited without starting the exec in container {id}");
            if (reply.Data < 0) throw RuncErrors.From("exec", reply.Message ?? "");
        }
        catch
        {
            if (streams is not null) await streams.DisposeAsync();
            await launch.DisposeAsync();
            await RemoveLink(link);
            RemoveExecState(dir);
            throw;
        }
        _ = ReportExecExitAsync(launch, request.Id, request.ExecId, dir, link);
        return streams;
    }

    public async IAsyncEnumerable<RuntimeExit> ExitsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var watch = new ExitWatch(_layout);
        lock (_watchesLock) _watches.Add(watch);
        try
        {
            await foreach (var exit in watch.Reader.ReadAllAsync(ct)) yield return exit;
        }
        finally
        {
            lock (_watchesLock) _watches.Remove(watch);
            watch.Dispose();
        }
    }

    // conmon writes the exec's exit code to its exit file and then on the sync pipe, when the process has ended and
    // its output is drained; the file is the record, the pipe only says when to read it.
    async Task ReportExecExitAsync(ConmonLaunch launch, ContainerId id, string execId, string stateDir, string link)
    {
        await using (launch)
        {
            SyncMessage? reply;
            try
            {
                reply = await launch.ReadSyncAsync(timeout: null, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                reply = null;
            }
            var code = ReadExitCode(Path.Combine(stateDir, "exits", id.Value)) ?? reply?.Data ?? -1;
            await RemoveLink(link); // the session is over: nothing left to resize
            RemoveExecState(stateDir);
            var exit = new RuntimeExit(id, execId, code, OomKilled: false, DateTimeOffset.UtcNow);
            lock (_watchesLock)
            {
                foreach (var watch in _watches) watch.Publish(exit);
            }
        }
    }

    void AddRuntimeArguments(List<string> args)
    {
        foreach (var argument in _runc.GlobalArguments) args.AddRange(["--runtime-arg", argument]);
    }

    static ValueTask RemoveLink(string link)
    {
        try
        {
            File.Delete(link);
        }
        catch (IOException)
        {
            // The container's monitor directory went away with the container.
        }
        return ValueTask.CompletedTask;
    }

    static void RemoveExecState(string stateDir)
    {
        try
        {
            Directory.Delete(stateDir, recursive: true);
        }
        catch (IOException)
        {
            // Gone with the container's state, or never made.
        }
    }

    static int? ReadExitCode(string path)
    {
        try
        {
            return int.Parse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or OverflowException)
        {
            return null; // conmon could not write it (the sync pipe's value stands in)
        }
    }

    static int ReadPid(string path)
    {
        try
        {
            return int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return 0;
        }
    }
}
