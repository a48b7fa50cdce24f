using Wharf.Engine.Linux.Networks;
using Wharf.Engine.Networks;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Wharf.Client;
using Xunit;

namespace Wharf.Testing.Daemon;

/// <summary>
/// A real wharfd (<c>dotnet wharfd.dll</c> from the test's output directory, or the binary <c>WHARF_TEST_WHARFD</c> names) on its own temp socket, data root,
/// exec root and pidfile. Start waits for <c>/_ping</c> by polling; stop sends SIGTERM; <see cref="Kill"/> is
/// <c>kill -9</c>. Dispose stops it and deletes its directories, whatever happened. Use it as a class fixture
/// or, for tests that restart or kill the daemon, create one inside the test.
/// </summary>
public sealed class WharfdFixture : IAsyncLifetime, IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    readonly StringBuilder _output = new();
    Process? _process;
    readonly List<BridgeNetwork> _bridges = [];
    WharfClient? _client;

    public WharfdFixture()
    {
        // Short: a unix socket path must fit in 108 bytes.
        Root = Directory.CreateTempSubdirectory("wharf-t-").FullName;
        SocketPath = Path.Combine(Root, "wharf.sock");
        DataRoot = Path.Combine(Root, "data");
        ExecRoot = Path.Combine(Root, "exec");
        PidFile = Path.Combine(Root, "wharfd.pid");
        // Its own default bridge and subnet, so that no test touches wharf0 or another fixture's network.
        var r = Random.Shared;
        BridgeName = "wt" + Convert.ToHexStringLower(BitConverter.GetBytes(r.Next()))[..6];
        BridgeIp = $"10.{200 + r.Next(50)}.{r.Next(256)}.1/24";
    }

    /// <summary>The default bridge's device (<c>--bridge</c>), removed at dispose.</summary>
    public string BridgeName { get; }

    /// <summary>The default bridge's gateway and prefix (<c>--bip</c>).</summary>
    public string BridgeIp { get; }

    public string Root { get; }
    public string SocketPath { get; }
    public string DataRoot { get; }
    public string ExecRoot { get; }
    public string PidFile { get; }

    /// <summary>
    /// More wharfd arguments for the next start (TCP hosts, TLS flags, --config-file…), after the fixture's own; the
    /// unix socket stays, so <see cref="Client"/> and the ping keep working.
    /// </summary>
    public List<string> ExtraArguments { get; } = [];

    /// <summary>The pid of the running daemon.</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("wharfd is not running");

    /// <summary>The exit code of the last daemon that stopped.</summary>
    public int? LastExitCode { get; private set; }

    /// <summary>A client for the running daemon; a new one after every start.</summary>
    public WharfClient Client => _client ?? throw new InvalidOperationException("wharfd is not running");

    /// <summary>Everything the daemon printed so far, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>As a class fixture: starts the daemon, except without root, where every test is a skipped <see cref="RootFactAttribute"/>.</summary>
    public Task InitializeAsync() => Environment.IsPrivilegedProcess ? StartAsync() : Task.CompletedTask;

    /// <summary>
    /// The published NativeAOT wharfd when <c>WHARF_TEST_WHARFD</c> names one (scripts/test.sh sets it for the
    /// compatibility tests, so that the binary users run is the one the real clients judge), else the JIT build
    /// from the test's output directory.
    /// </summary>
    static ProcessStartInfo StartInfo()
    {
        var native = Environment.GetEnvironmentVariable("WHARF_TEST_WHARFD");
        ProcessStartInfo start;
        if (!string.IsNullOrEmpty(native))
        {
            if (!File.Exists(native)) throw new InvalidOperationException($"WHARF_TEST_WHARFD names {native}, which does not exist");
            start = new ProcessStartInfo(native);
        }
        else
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "wharfd.dll");
            if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: the test project must reference Wharf.Daemon");
            start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
            start.ArgumentList.Add(dll);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_process is not null) throw new InvalidOperationException("wharfd is already running");
        var start = StartInfo();
        foreach (var arg in (string[])["-H", $"unix://{SocketPath}", "--data-root", DataRoot, "--exec-root", ExecRoot, "--pidfile", PidFile,
                                       "--bridge", BridgeName, "--bip", BridgeIp, .. ExtraArguments])
            start.ArgumentList.Add(arg);

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        Append($"--- wharfd starting at {DateTimeOffset.UtcNow:O}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _client = WharfClient.ForUnixSocket(SocketPath);

        await WaitForPingAsync(process, ct);
    }

    /// <summary>SIGTERM, then wait for the daemon to exit; failing to exit in time kills it and throws.</summary>
    public async Task StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("wharfd is not running");
        Posix.Kill(process.Id, Posix.SigTerm);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
            Forget(process);
            throw new TimeoutException($"wharfd did not exit within {StopTimeout} of SIGTERM; killed it.\n{Output}");
        }
        Forget(process);
    }

    /// <summary><c>kill -9</c>: the daemon gets no chance to clean up.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("wharfd is not running");
        process.Kill();
        await process.WaitForExitAsync();
        Forget(process);
    }

    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync();
        await StartAsync(ct);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_process is { } p)
            {
                await RemoveLeftoversAsync();
                try { await StopAsync(); }
                catch (TimeoutException) { }
                catch (InvalidOperationException) when (p.HasExited) { Forget(p); }
            }
        }
        finally
        {
            await RemoveBridgesAsync();
            DeleteRoot();
        }
    }

    /// <summary>What a failed test may have left: its containers (with their namespaces, veths and rules) and networks (with their bridges).</summary>
    async Task RemoveLeftoversAsync()
    {
        if (_client is not { } client || _process is not { HasExited: false }) return;
        try
        {
            foreach (var c in await client.Containers.ListAsync(all: true))
            {
                try { await client.Containers.RemoveAsync(c.Id, force: true); }
                catch (WharfApiException) { }
            }
            await client.Networks.PruneAsync();
            // The default bridge stays with the daemon, as docker0 does with dockerd: its device and rules go with the test.
            _bridges.AddRange((await client.Networks.ListAsync()).Where(n => n.Driver == "bridge").Select(ToBridge));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or WharfApiException)
        {
            // The daemon may be in no state to answer; the bridge device and root are removed below anyway.
        }
    }

    static BridgeNetwork ToBridge(Wharf.Api.Networks.Network n)
    {
        var pool = n.IPAM.Config is [var first, ..] ? first : null;
        var device = n.Options.TryGetValue("com.docker.network.bridge.name", out var d) && d.Length > 0 ? d : "br-" + n.Id[..12];
        return new BridgeNetwork(n.Id, n.Name, device, pool?.Subnet ?? "", pool?.Gateway ?? "", 1500, n.Internal, true, true);
    }

    /// <summary>Deletes the bridges and their iptables chains of the networks the daemon had, once it has stopped.</summary>
    async Task RemoveBridgesAsync()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var plumbing = new CniPlumbing(new Wharf.Engine.Linux.Processes.ProcessRunner(), new CniOptions(ExecRoot));
        foreach (var bridge in _bridges)
        {
            try { await plumbing.RemoveNetworkAsync(bridge, CancellationToken.None); }
            catch (Wharf.Engine.EngineException) { }
        }
        _bridges.Clear();
        await ProcessRunner.RunAsync("ip", ["link", "delete", BridgeName]);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    async Task WaitForPingAsync(Process process, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(CancellationToken.None);
                var code = process.ExitCode;
                Forget(process);
                throw new InvalidOperationException($"wharfd exited with code {code} before answering /_ping.\n{Output}");
            }
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                if (await _client!.PingAsync(attempt.Token) == "OK") return;
            }
            catch (WharfApiException e)
            {
                // Kestrel accepts connections only once the app is built, so an HTTP error here is a bug, not a race.
                throw new InvalidOperationException($"wharfd answered /_ping with {e.StatusCode}: {e.Message}\n{Output}", e);
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException
                                      || (e is OperationCanceledException && !deadline.IsCancellationRequested))
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"wharfd did not answer /_ping within {StartTimeout}.\n{Output}");
            }
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"wharfd did not answer /_ping within {StartTimeout}.\n{Output}");
            }
        }
    }

    void Forget(Process process)
    {
        LastExitCode = process.ExitCode;
        Append($"--- wharfd exited with code {process.ExitCode} at {DateTimeOffset.UtcNow:O}");
        process.Dispose();
        _process = null;
        _client?.Dispose();
        _client = null;
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    void DeleteRoot()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp dir must not hide the test's own result.
        }
    }
}
