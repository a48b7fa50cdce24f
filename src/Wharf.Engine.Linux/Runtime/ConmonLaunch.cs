using System.Collections;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Runtime;

/// <summary>
/// One conmon started with the pipes of its API version 1: the sync pipe (fd 3) on which it reports the pid or the
/// runtime's error (and, for an exec, the exit code), the start pipe (fd 4) that releases it, and for an exec with
/// <c>--exec-attach</c> the attach pipe (fd 5) on which it says its attach socket is ready. Process cannot pass extra
/// descriptors, so conmon is started with posix_spawn (safe in a multithreaded process) in a new session with stdio
/// on /dev/null; conmon then forks once more and its first process exits, so the monitor is never our child and
/// outlives the daemon.
/// </summary>
internal sealed class ConmonLaunch : IAsyncDisposable
{
    const int SyncFd = 3;
    const int StartFd = 4;
    const int AttachFd = 5;

    readonly int _pid;
    readonly FileStream _start;
    readonly StreamReader _sync;
    readonly StreamReader? _attach;
    int _reaped;

    ConmonLaunch(int pid, FileStream start, StreamReader sync, StreamReader? attach)
    {
        _pid = pid;
        _start = start;
        _sync = sync;
        _attach = attach;
    }

    public static ConmonLaunch Start(string conmonPath, IReadOnlyList<string> arguments, string workingDirectory, bool attachPipe)
    {
        var sync = NativeMethods.Pipe();
        var start = NativeMethods.Pipe();
        var attach = attachPipe ? NativeMethods.Pipe() : (Read: -1, Write: -1);
        var inherit = new List<(int, int)> { (sync.Write, SyncFd), (start.Read, StartFd) };
        var env = Environment();
        env.Add($"_OCI_SYNCPIPE={SyncFd}");
        env.Add($"_OCI_STARTPIPE={StartFd}");
        if (attachPipe)
        {
            inherit.Add((attach.Write, AttachFd));
            env.Add($"_OCI_ATTACHPIPE={AttachFd}");
        }
        int pid;
        try
        {
            pid = NativeMethods.Spawn(conmonPath, [conmonPath, .. arguments], env, inherit, workingDirectory);
        }
        catch (NativeException e)
        {
            foreach (var fd in new[] { sync.Read, start.Write, attach.Read }) if (fd >= 0) NativeMethods.Close(fd);
            throw new EngineException(ErrorKind.Unavailable, $"failed to start conmon: {e.Message}", e);
        }
        finally
        {
            // conmon holds the child ends now; keeping ours would hide its death (no EOF on the sync pipe).
            foreach (var fd in new[] { sync.Write, start.Read, attach.Write }) if (fd >= 0) NativeMethods.Close(fd);
        }
        return new ConmonLaunch(pid,
            new FileStream(new SafeFileHandle(start.Write, ownsHandle: true), FileAccess.Write, bufferSize: 0),
            Reader(sync.Read),
            attachPipe ? Reader(attach.Read) : null);
    }

    /// <summary>Writes to the start pipe: the first write lets conmon go on, the second (exec-attach) runs the exec.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        try
        {
            await _start.WriteAsync(new byte[] { 0 }, ct);
        }
        catch (IOException)
        {
            // conmon is gone already (EPIPE); the sync pipe's EOF says so to the caller.
        }
    }

    /// <summary>Reaps the process we spawned; conmon's daemonized child goes on. Returns its exit code.</summary>
    public async Task<int> ReapAsync()
    {
        if (Interlocked.Exchange(ref _reaped, 1) != 0) return 0;
        var status = await Task.Run(() => NativeMethods.WaitPid(_pid));
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    }

    /// <summary>The next message on the sync pipe; null at EOF (conmon exited without saying more).</summary>
    public Task<SyncMessage?> ReadSyncAsync(TimeSpan? timeout, CancellationToken ct) => ReadAsync(_sync, timeout, ct);

    public Task<SyncMessage?> ReadAttachAsync(TimeSpan timeout, CancellationToken ct) =>
        ReadAsync(_attach ?? throw new InvalidOperationException("conmon was started without an attach pipe"), timeout, ct);

    public async ValueTask DisposeAsync()
    {
        // Closing the start pipe first: a conmon still waiting on it reads EOF instead of blocking our waitpid.
        await _start.DisposeAsync();
        await ReapAsync();
        _sync.Dispose();
        _attach?.Dispose();
    }

    static async Task<SyncMessage?> ReadAsync(StreamReader reader, TimeSpan? timeout, CancellationToken ct)
    {
        var read = reader.ReadLineAsync(ct).AsTask();
        string? line;
        try
        {
            line = timeout is { } limit ? await read.WaitAsync(limit, ct) : await read;
        }
        catch (TimeoutException e)
        {
            throw new EngineException(ErrorKind.Unavailable, $"conmon did not answer within {timeout!.Value.TotalSeconds:0}s", e);
        }
        if (line is null) return null;
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
        return new SyncMessage(root.GetProperty("data").GetInt32(), message);
    }

    static StreamReader Reader(int fd) =>
        new(new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0), Encoding.UTF8);

    static List<string> Environment()
    {
        var env = new List<string>();
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (key.StartsWith("_OCI_", StringComparison.Ordinal) || key == "NOTIFY_SOCKET" || key == "LISTEN_PID") continue;
            env.Add($"{key}={entry.Value}");
        }
        return env;
    }
}

/// <summary>What conmon writes on a pipe: a pid, an exit code, or a negative number with the runtime's error.</summary>
internal sealed record SyncMessage(int Data, string? Message);
