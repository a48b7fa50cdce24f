using System.Runtime.InteropServices;
using Wharf.Cli;
using Wharf.Cli.Hosts;
using Wharf.Cli.Terminal;

// Socket completions (TCP, and unix socket reads that had to wait: see UnixSocketStream) run on the epoll thread
// instead of hopping to the thread pool: a command is a short chain of awaits on one or two connections, and starting
// pool threads for it cost ~0.4 ms of each. No continuation in the CLI blocks on a socket for longer than a due answer's
// short wait (stdin is read on the pool, see FdStream). One epoll thread: inline completions would start one per CPU.
// Both are read when the first socket is made, so they are set before that, in libc's environment: the runtime's
// setter first copies the whole environment into a dictionary (~0.07 ms), and its getter reads libc's until then.
Native.setenv("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1", 1);
Native.setenv("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "1", 1);
var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
var configDir = Environment.GetEnvironmentVariable("WHARF_CONFIG") is { Length: > 0 } dir ? dir : Path.Combine(home, ".wharf");
using var cts = new CancellationTokenSource();
using var cli = new CliContext(StandardStreams.Writer(StandardStreams.Stdout), StandardStreams.Writer(StandardStreams.Stderr),
                               Environment.GetEnvironmentVariable, new ContextStore(configDir))
{
    OutIsTerminal = Native.isatty(StandardStreams.Stdout) == 1,
    ErrIsTerminal = Native.isatty(StandardStreams.Stderr) == 1,
    InIsTerminal = Native.isatty(StandardStreams.Stdin) == 1,
};
try
{
    var command = CliApp.RunAsync(cli, args, cts.Token);
    if (!command.IsCompleted)
    {
        // Most commands are an answer or two from done, and Ctrl-C may end them as it ends any program. One that runs on
        // (events, logs -f, wait) gets a handler after a moment, so that it stops cleanly instead of mid-write and says
        // 130. Not made at once: its thread costs ~0.1 ms. A signal registration rather than Console.CancelKeyPress,
        // which would initialise the console (see StandardStreams).
        if (!FinishesWithin(command, TimeSpan.FromMilliseconds(100)))
        {
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, e =>
            {
                e.Cancel = true;
                cts.Cancel();
            });
            return await command;
        }
    }
    return await command;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    return 130;
}

// True when the command ended (or failed) within the time; its outcome is then read by awaiting it.
static bool FinishesWithin(Task<int> command, TimeSpan time)
{
    try
    {
        return command.Wait(time);
    }
    catch (AggregateException)
    {
        return true;
    }
}
