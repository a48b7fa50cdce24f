using System.CommandLine;

namespace Wharf.Cli.Commands.System;

/// <summary>
/// <c>wharf system dial-stdio</c>: relays stdin to a raw connection to the daemon and the connection to stdout, as
/// <c>docker system dial-stdio</c> does for <c>-H ssh://</c> clients. The end of stdin half-closes the connection and the
/// relay waits for the daemon's last bytes; the end of the daemon's side ends the command at once (stdin may never end).
/// </summary>
internal static class DialStdioCommand
{
    public static Command Create(CliContext cli)
    {
        var cmd = new Command("dial-stdio", "Proxy the stdio stream to the daemon connection. Should not be invoked manually.") { Hidden = true };
        cmd.SetAction((_, ct) => RunAsync(cli, ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, CancellationToken ct)
    {
        await using var connection = await cli.Client.DialAsync(ct);
        var stdin = cli.OpenStdin();
        var stdout = cli.OpenStdout();
        try
        {
            var toDaemon = Task.Run(async () =>
            {
                await CopyAsync(stdin, connection, ct);
                await connection.CloseWriteAsync();
            }, ct);
            var fromDaemon = Task.Run(async () =>
            {
                try
                {
                    await CopyAsync(connection, stdout, ct);
                }
                finally
                {
                    // The reader on the other side of stdout (ssh) sees the end as soon as the daemon's side ends.
                    await stdout.DisposeAsync();
                }
            }, ct);
            var first = await Task.WhenAny(toDaemon, fromDaemon);
            // stdin ended: wait for the daemon's answer. The daemon's side ended: done, whether or not stdin ever ends.
            await (first == toDaemon ? Task.WhenAll(toDaemon, fromDaemon) : fromDaemon);
            return 0;
        }
        catch (Exception e) when (e is IOException or global::System.Net.Sockets.SocketException)
        {
            throw new CliException($"error while copying the stream: {e.Message}");
        }
    }

    static async Task CopyAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[32 * 1024];
        int n;
        while ((n = await from.ReadAsync(buffer, ct)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n), ct);
            await to.FlushAsync(ct);
        }
    }
}
