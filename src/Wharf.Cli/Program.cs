using System.Runtime.InteropServices;
using Wharf.Cli;
using Wharf.Cli.Hosts;
using Wharf.Cli.Terminal;

var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
var configDir = Environment.GetEnvironmentVariable("WHARF_CONFIG") is { Length: > 0 } dir ? dir : Path.Combine(home, ".wharf");
using var cts = new CancellationTokenSource();
// Ctrl-C ends streaming commands (events) cleanly instead of killing the process mid-write. A signal registration
// rather than Console.CancelKeyPress, which would initialise the console (see StandardStreams).
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, e =>
{
    e.Cancel = true;
    cts.Cancel();
});
using var cli = new CliContext(StandardStreams.Writer(StandardStreams.Stdout), StandardStreams.Writer(StandardStreams.Stderr),
                               Environment.GetEnvironmentVariable, new ContextStore(configDir))
{
    OutIsTerminal = Native.isatty(StandardStreams.Stdout) == 1,
    ErrIsTerminal = Native.isatty(StandardStreams.Stderr) == 1,
    InIsTerminal = Native.isatty(StandardStreams.Stdin) == 1,
};
try
{
    return await CliApp.RunAsync(cli, args, cts.Token);
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    return 130;
}
