using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Wharf.Daemon.Cli;
using Wharf.Daemon.Composition;
using Wharf.Daemon.Config;
using Wharf.Daemon.Tls;

namespace Wharf.Daemon.Hosting;

/// <summary>
/// Runs wharfd: directories, pidfile, engine initialisation, then Kestrel on the unix sockets, TCP addresses and
/// systemd sockets until SIGTERM/SIGINT, then a bounded graceful shutdown that removes the sockets and the pidfile.
/// SIGHUP reloads the TLS certificates.
/// </summary>
internal static class DaemonHost
{
    /// <summary>How long open requests and streams get after SIGTERM before Kestrel aborts them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(DaemonConfiguration configuration, TextWriter stderr, CancellationToken ct)
    {
        var options = configuration.Options;
        PidFile pidFile;
        try
        {
            // The pidfile comes first: a second daemon must not touch anything the running one owns.
            pidFile = PidFile.Acquire(options.Pidfile, Environment.ProcessId);
        }
        catch (DaemonStartupException e)
        {
            await stderr.WriteLineAsync($"failed to start daemon: {e.Message}");
            return 1;
        }

        // SIGTERM/SIGINT stop the daemon in every phase: during start-up (before ASP.NET's own handler exists) they
        // cancel the start, afterwards they trigger the graceful shutdown. Either way the finally block cleans up.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        // SIGHUP reloads the certificates; before the store exists (start-up) it is ignored rather than fatal.
        TlsCredentialStore? tlsStore = null;
        ILogger? hangupLogger = null;
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            if (tlsStore is not null) tlsStore.Reload();
            else if (hangupLogger is not null) DaemonLog.NothingToReload(hangupLogger);
        });

        var boundSockets = new List<string>();
        WebApplication? app = null;
        try
        {
            var secured = new ConcurrentQueue<(string Path, SocketGroupResult Result)>();
            IReadOnlyList<Listener> listeners;
            IReadOnlyList<Listener> insecure;
            TlsCredentials? credentials;
            try
            {
                listeners = PlanListeners(options);
                insecure = ListenerSecurity.Check(listeners, options.Tls, options.InsecureTcp);
                // The files are read now, so that a bad certificate stops the daemon before the engine starts.
                credentials = options.Tls is { } tls ? TlsCredentials.Load(tls) : null;
                app = Build(options, listeners, credentials, secured);
            }
            catch (Exception e)
            {
                await stderr.WriteLineAsync($"failed to start daemon: {e.Message}");
                return 1;
            }
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Wharf.Daemon");
            DaemonLog.Starting(logger, VersionInfo.Version, VersionInfo.Build, options.DataRoot, options.ExecRoot);
            foreach (var key in configuration.UnhonouredKeys) DaemonLog.UnhonouredKey(logger, key);
            tlsStore = app.Services.GetService<TlsCredentialStore>();
            hangupLogger = logger;

            try
            {
                DaemonDirectories.Create(options);
                foreach (var task in app.Services.GetServices<StartupTask>())
                {
                    DaemonLog.Initialising(logger, task.Name);
                    await task.RunAsync(app.Services, stop.Token);
                }
                var unixSockets = listeners.OfType<UnixListener>().Select(l => l.SocketPath).ToList();
                await PrepareSocketsAsync(unixSockets, logger, stop.Token);
                boundSockets.AddRange(unixSockets);
                await app.StartAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                DaemonLog.StartInterrupted(logger);
                return 0;
            }
            catch (DaemonStartupException e)
            {
                await stderr.WriteLineAsync($"failed to start daemon: {e.Message}");
                return 1;
            }
            catch (Exception e)
            {
                DaemonLog.StartFailed(logger, e);
                await stderr.WriteLineAsync($"failed to start daemon: {e.Message}");
                return 1;
            }

            foreach (var (path, result) in secured) LogSocket(path, options.Group, result, logger);
            foreach (var listener in listeners.Where(l => l is not UnixListener))
            {
                if (insecure.Contains(listener)) DaemonLog.InsecureListener(logger, listener.ToString());
                else DaemonLog.Listening(logger, listener.ToString());
            }
            DaemonLog.Ready(logger);
            app.Lifetime.ApplicationStopping.Register(() => DaemonLog.Stopping(logger, ShutdownTimeout));
            await app.WaitForShutdownAsync(stop.Token);
            DaemonLog.Stopped(logger);
            return 0;
        }
        finally
        {
            if (app is not null) await app.DisposeAsync();
            // Closing every pooled connection lets SQLite checkpoint the WAL into the database file.
            SqliteConnection.ClearAllPools();
            foreach (var socket in boundSockets) File.Delete(socket);
            pidFile.Dispose();
        }
    }

    /// <summary>Every socket to serve on, in the order of the hosts; systemd's sockets are taken only when an fd:// host asks.</summary>
    static List<Listener> PlanListeners(DaemonOptions options)
    {
        var activated = options.Hosts.OfType<FdHostAddress>().Any() ? SocketActivation.Take() : [];
        var listeners = new List<Listener>();
        foreach (var host in options.Hosts)
        {
            if (host is UnixHostAddress unix) listeners.Add(new UnixListener(unix.SocketPath));
            else if (host is TcpHostAddress tcp) listeners.Add(new TcpSocketListener(tcp.EndPoint));
        }
        listeners.AddRange(ActivatedListener.For(options.Hosts, activated, SocketActivation.IsTcp));
        return listeners;
    }

    static WebApplication Build(DaemonOptions options, IReadOnlyList<Listener> listeners, TlsCredentials? credentials,
                                ConcurrentQueue<(string Path, SocketGroupResult Result)> secured)
    {
        // No args: the daemon's configuration is ours (flags + daemon.json), not ASP.NET's.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = "wharfd",
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureLogging(builder.Logging, options);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        // Mode and group are applied between bind and listen, so no client can connect while the socket has the
        // umask's permissions (or the wrong group).
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endPoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
            if (endPoint is UnixDomainSocketEndPoint unix)
            {
                var path = unix.ToString();
                secured.Enqueue((path, SocketPermissions.Apply(path, options.Group)));
            }
            return socket;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Image loads and imports are gigabytes, sent chunked, sometimes slowly by a busy client.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
            // TLS only where the network can reach: unix sockets are guarded by their mode and group.
            var tls = credentials is null ? null : kestrel.ApplicationServices.GetRequiredService<TlsCredentialStore>();
            foreach (var listener in listeners)
            {
                switch (listener)
                {
                    case UnixListener unix:
                        kestrel.ListenUnixSocket(unix.SocketPath, listen => ApiListenOptions.Configure(listen, null));
                        break;
                    case TcpSocketListener tcp:
                        kestrel.Listen(tcp.EndPoint, listen => ApiListenOptions.Configure(listen, tls));
                        break;
                    case ActivatedListener fd:
                        kestrel.ListenHandle((ulong)fd.Fd, listen => ApiListenOptions.Configure(listen, fd.IsTcp ? tls : null));
                        break;
                }
            }
        });
        if (options.Tls is { } tlsOptions && credentials is not null)
        {
            builder.Services.AddSingleton(services => new TlsCredentialStore(
                tlsOptions, credentials, services.GetRequiredService<ILoggerFactory>().CreateLogger("Wharf.Daemon.Tls"), TimeProvider.System));
        }
        EngineServices.Add(builder.Services, options);
        var app = builder.Build();
        EngineServices.Map(app);
        return app;
    }

    static void ConfigureLogging(ILoggingBuilder logging, DaemonOptions options)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(options.LogLevel);
        // ASP.NET's own chatter (request lines, "Now listening") only when debugging; we log what matters ourselves.
        if (!options.Debug) logging.AddFilter("Microsoft", LogLevel.Warning);
        // Logs go to stderr like dockerd's, keeping stdout for --version and --help.
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (options.LogFormat == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffffffZ";
                // Log shippers read UTF-8 JSON; HTML-safe escaping (\u0022 for quotes) only hurts readability here.
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }

    /// <summary>
    /// Creates socket directories and removes stale sockets. The pidfile proved no wharfd with the same pidfile
    /// runs; a socket that still accepts connections belongs to some other live daemon and is never removed.
    /// </summary>
    static async Task PrepareSocketsAsync(IReadOnlyList<string> socketPaths, ILogger logger, CancellationToken ct)
    {
        foreach (var path in socketPaths)
        {
            var host = $"unix://{path}";
            if (Directory.Exists(path)) throw new DaemonStartupException($"cannot listen on {host}: {path} is a directory");
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            if (!File.Exists(path)) continue;
            if (await AcceptsConnectionsAsync(path, ct))
                throw new DaemonStartupException($"cannot listen on {host}: another daemon is serving {path}");
            File.Delete(path);
            DaemonLog.RemovedStaleSocket(logger, path);
        }
    }

    static async Task<bool> AcceptsConnectionsAsync(string path, CancellationToken ct)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
            return true;
        }
        catch (SocketException)
        {
            return false; // ECONNREFUSED: nobody listens, the file is a leftover (or not a socket at all)
        }
    }

    static void LogSocket(string path, string group, SocketGroupResult result, ILogger logger)
    {
        if (result.Outcome == SocketGroupOutcome.GroupMissing) DaemonLog.SocketGroupMissing(logger, group, path);
        else if (result.Outcome == SocketGroupOutcome.ChownFailed) DaemonLog.SocketChownFailed(logger, path, group, result.GroupId ?? -1, result.Errno);
        DaemonLog.Listening(logger, path);
    }
}
