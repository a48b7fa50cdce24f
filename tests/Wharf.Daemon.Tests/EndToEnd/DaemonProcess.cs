using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Daemon.Tests.EndToEnd;

/// <summary>
/// The built wharfd (<c>dotnet wharfd.dll</c> from the test's output directory) on a socket, data root, exec root
/// and pidfile inside a temp directory. Dispose kills it if it still runs.
/// </summary>
internal sealed partial class DaemonProcess : IAsyncDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    readonly Process _process;
    readonly StringBuilder _stderr = new();
    readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    DaemonProcess(Process process, string socketPath)
    {
        _process = process;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>
    /// Starts wharfd with everything under <paramref name="dir"/>; the pidfile is shared by all daemons of one dir.
    /// <paramref name="sigintIgnored"/> starts it as a script's background job is started: with SIGINT ignored (the
    /// shell that ignores it execs wharfd, so the pid is wharfd's).
    /// </summary>
    public static DaemonProcess Start(TempDirectory dir, string socketName = "wharf.sock", bool sigintIgnored = false)
    {
        var config = dir.Combine("daemon.json");
        if (!File.Exists(config)) File.WriteAllText(config, "{}");
        var socket = dir.Combine("run", socketName);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(sigintIgnored ? "/bin/sh" : dotnet)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (sigintIgnored)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("trap '' INT; exec \"$0\" \"$@\"");
            start.ArgumentList.Add(dotnet);
        }
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "wharfd.dll"), "-H", $"unix://{socket}", "--data-root", dir.Combine("data"),
            "--exec-root", dir.Combine("exec"), "--pidfile", PidfilePath(dir), "--config-file", config, "--debug",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var daemon = new DaemonProcess(process, socket);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (daemon._stderr) daemon._stderr.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.Exited += (_, _) => daemon._exited.TrySetResult();
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return daemon;
    }

    public static string PidfilePath(TempDirectory dir) => dir.Combine("wharfd.pid");

    /// <summary>Polls until the socket accepts a connection; fails early (with the daemon's log) if the daemon exits.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) Assert.Fail($"wharfd exited with {_process.ExitCode} before listening:\n{Stderr}");
            if (File.Exists(SocketPath))
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
                    return;
                }
                catch (SocketException)
                {
                    // bound but not yet accepting; poll again
                }
            }
            await Task.Delay(50);
        }
        Assert.Fail($"wharfd did not listen on {SocketPath} within {timeout}:\n{Stderr}");
    }

    /// <summary>Waits for the exit and returns the exit code; fails if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitExitAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_exited.Task, Task.Delay(timeout));
        if (finished != _exited.Task) Assert.Fail($"wharfd (pid {Pid}) did not exit within {timeout}:\n{Stderr}");
        await _process.WaitForExitAsync(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Sends a signal with kill(2), as an init system or an operator would.</summary>
    public void Signal(int signal)
    {
        if (Kill(Pid, signal) != 0) Assert.Fail($"kill({Pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>An HTTP client whose every connection goes to the daemon's unix socket.</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://localhost"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
