using Wharf.Daemon.Cli;

// wharfd: everything happens in DaemonCli so that tests can drive it without a console.
return await DaemonCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
