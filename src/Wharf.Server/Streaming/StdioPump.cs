using System.Buffers;
using System.IO.Pipelines;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Server.Streaming;

/// <summary>How a client's stdin ended.</summary>
internal enum StdinEnd
{
    /// <summary>The client shut down its write side (or its connection failed): stdin is over, output may go on.</summary>
    ClientClosed,
    /// <summary>The client typed the detach sequence (TTY sessions): end the session, leave the process running.</summary>
    Detached,
    /// <summary>The caller cancelled.</summary>
    Cancelled,
}

/// <summary>The two copy loops of an attach or exec session between a <see cref="HijackedConnection"/> and a process.</summary>
internal static class StdioPump
{
    /// <summary>
    /// Client stdin -> process stdin, through <paramref name="detach"/> when given. Does not close the process's stdin:
    /// whether a half-close does that depends on StdinOnce (attach) or is always so (exec), which the caller decides.
    /// </summary>
    public static async Task<StdinEnd> CopyStdinAsync(PipeReader input, IProcessStreams process, DetachKeyFilter? detach, CancellationToken ct)
    {
        var filtered = detach is null ? null : new ArrayBufferWriter<byte>();
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return StdinEnd.Cancelled;
            }
            catch (IOException)
            {
                // A reset connection: there will be no more stdin either way.
                return StdinEnd.ClientClosed;
            }
            var data = read.Buffer;
            var detached = false;
            if (filtered is null)
            {
                foreach (var segment in data) await process.WriteStdinAsync(segment, ct);
            }
            else
            {
                filtered.ResetWrittenCount();
                detached = detach!.Filter(data, filtered);
                if (read.IsCompleted && !detached) detach.Flush(filtered);
                if (filtered.WrittenCount > 0) await process.WriteStdinAsync(filtered.WrittenMemory, ct);
            }
            input.AdvanceTo(data.End);
            if (detached) return StdinEnd.Detached;
            if (read.IsCompleted) return StdinEnd.ClientClosed;
            if (read.IsCanceled) return StdinEnd.Cancelled;
        }
    }

    /// <summary>
    /// Process output -> client, keeping only the streams the client asked for. True when the output ended (the
    /// process exited and everything was sent), false when the client went away first.
    /// </summary>
    public static async Task<bool> CopyOutputAsync(IProcessStreams process, OutputWriter output, bool stdout, bool stderr, CancellationToken ct)
    {
        await foreach (var chunk in process.ReadOutputAsync(ct))
        {
            var wanted = chunk.Stream switch { StdStream.Stdout => stdout, StdStream.Stderr => stderr, _ => false };
            if (!wanted) continue;
            if (!await output.WriteAsync((byte)chunk.Stream, chunk.Data, ct)) return false;
        }
        return true;
    }
}
