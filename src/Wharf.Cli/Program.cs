using Wharf.Cli;
using Wharf.Cli.Hosts;

var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
var configDir = Environment.GetEnvironmentVariable("WHARF_CONFIG") is { Length: > 0 } dir ? dir : Path.Combine(home, ".wharf");
using var cts = new CancellationTokenSource();
// Ctrl-C ends streaming commands (events) cleanly instead of killing the process mid-write.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
using var cli = new CliContext(Console.Out, Console.Error, Environment.GetEnvironmentVariable, new ContextStore(configDir))
{
    OutIsTerminal = !Console.IsOutputRedirected,
    InIsTerminal = !Console.IsInputRedirected,
};
try
{
    return await CliApp.RunAsync(cli, args, cts.Token);
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    return 130;
}
