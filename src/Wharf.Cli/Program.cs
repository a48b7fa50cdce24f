using System.Runtime.InteropServices;
using Wharf.Cli;
using Wharf.Cli.Hosts;
using Wharf.Cli.Terminal;

// Socket completions run on the epoll thread instead of hopping to the thread pool: a command is a short chain of awaits
// on one or two connections, and starting pool threads for it cost ~0.4 ms of each. No continuation in the CLI blocks
// on a socket (stdin is read on the pool, see FdStream). One epoll thread: inline completions would start one per CPU.
// Both are read when the first socket is made, so they are set before that.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "1");
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
    // Ctrl-C ends streaming commands (events) cleanly instead of killing the process mid-write. A signal registration
    // rather than Console.CancelKeyPress, which would initialise the console (see StandardStreams). Made once the command
    // waits for its first answer: starting the signal thread then overlaps the daemon's work instead of delaying the request.
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, e =>
    {
        e.Cancel = true;
        cts.Cancel();
    });
    return await command;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    return 130;
}
