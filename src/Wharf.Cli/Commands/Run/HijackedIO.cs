using Wharf.Client;

namespace Wharf.Cli.Commands.Run;

/// <summary>How a hijacked session ended: the daemon closed the stream, or the user typed the detach keys.</summary>
internal enum SessionEnd
{
    Closed,
    Detached,
}

/// <summary>
/// Copies a hijacked session as docker's hijackedIOStreamer does: output to stdout/stderr (demultiplexed without a TTY,
/// raw with one), stdin to the daemon through the detach-key scanner (TTY only), and a half-close when stdin ends (at once
/// when stdin is not attached), after which output keeps coming until the daemon closes.
/// </summary>
internal static class HijackedIO
{
    public static async Task<SessionEnd> RunAsync(HijackedStream connection, Stream? stdin, Stream stdout, Stream stderr, bool tty,
                                                  DetachKeys? escape, CancellationToken ct)
    {
        var output = tty ? CopyRawAsync(connection, stdout, ct) : Multiplexed.CopyAsync(connection, stdout, stderr, ct);
        Task<bool> input;
        if (stdin is null)
        {
            await connection.CloseWriteAsync();
            input = Task.FromResult(false);
        }
        else
        {
            // Reads of a console's stdin block and ignore cancellation: the pump runs on its own and is abandoned when output ends.
            input = Task.Run(() => PumpAsync(stdin, connection, escape, ct), CancellationToken.None);
        }

        if (await Task.WhenAny(output, input) == input && input.IsCompletedSuccessfully && input.Result)
            return SessionEnd.Detached;
        await output;
        return SessionEnd.Closed;
    }

    static async Task CopyRawAsync(Stream source, Stream target, CancellationToken ct)
    {
        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            await target.FlushAsync(ct);
        }
    }

    /// <summary>Sends stdin until it ends (then half-closes; false) or the detach keys come (true).</summary>
    static async Task<bool> PumpAsync(Stream stdin, HijackedStream connection, DetachKeys? escape, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var filtered = new List<byte>(4096);
        try
        {
            while (true)
            {
                var read = await stdin.ReadAsync(buffer, ct);
                if (read == 0) break;
                if (escape is null)
                {
                    await connection.WriteAsync(buffer.AsMemory(0, read), ct);
                    continue;
                }
                filtered.Clear();
                var detached = escape.Scan(buffer.AsSpan(0, read), filtered);
                if (filtered.Count > 0) await connection.WriteAsync(filtered.ToArray(), ct);
                if (detached) return true;
            }
        }
        catch (IOException)
        {
            // The daemon closed the session while input was still coming: output decides how it ended.
            return false;
        }
        await connection.CloseWriteAsync();
        return false;
    }
}
