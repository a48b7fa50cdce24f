using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Wharf.Client;

/// <summary>
/// A connection through a child process (ssh running <c>wharf system dial-stdio</c> on the remote host): writes go to its
/// stdin, reads come from its stdout, and its stderr is kept for the error message. As docker's commandconn: an end of
/// output with a failed exit status becomes <see cref="CommandConnectionException"/>; disposing kills the child (by its pid)
/// if it has not ended, so no session is left over.
/// </summary>
internal sealed class CommandConnection : Stream
{
    const int MaxStderr = 16 * 1024;
    static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    readonly Process _process;
    readonly Stream _stdin;
    readonly Stream _stdout;
    readonly StringBuilder _stderr = new();
    readonly Task _stderrDrained;
    readonly string _commandLine;
    int _disposed;

    CommandConnection(Process process, string commandLine)
    {
        _process = process;
        _commandLine = commandLine;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput.BaseStream;
        _stderrDrained = Task.Run(DrainStderrAsync);
    }

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="arguments"/>, all three standard streams piped to us, in a session
    /// of its own (through setsid(1), as docker's commandconn sets Setsid): Ctrl-C at the terminal then reaches wharf, which
    /// ends its requests cleanly, and not ssh, which would cut them first.
    /// </summary>
    public static CommandConnection Start(string program, IReadOnlyList<string> arguments)
    {
        var commandLine = string.Join(' ', [program, .. arguments]);
        var path = Resolve(program)
            ?? throw new CommandConnectionException(commandLine, null, $"exec: \"{program}\": executable file not found in $PATH");
        var info = new ProcessStartInfo(File.Exists(Setsid) ? Setsid : path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // setsid execs the command in place (a new child is no process group leader), so the pid we kill is ssh's.
        if (info.FileName == Setsid) info.ArgumentList.Add(path);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new CommandConnectionException(commandLine, null, "");
        }
        catch (Win32Exception e)
        {
            throw new CommandConnectionException(commandLine, null, $"exec: \"{program}\": {e.Message}", e);
        }
        ChildProcesses.Track(process);
        return new CommandConnection(process, commandLine);
    }

    const string Setsid = "/usr/bin/setsid";

    /// <summary>The program's path: as given when it has a slash, else the first executable match on PATH.</summary>
    static string? Resolve(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal)) return File.Exists(program) ? program : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The child's pid (tests check that it is gone).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Ends the child's stdin: ssh passes the end on, and the remote dial-stdio half-closes its daemon connection.</summary>
    public ValueTask CloseWriteAsync()
    {
        _stdin.Dispose();
        return ValueTask.CompletedTask;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _stdout.ReadAsync(buffer, cancellationToken);
        if (n == 0 && buffer.Length > 0) await ThrowIfFailedAsync(null);
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await _stdin.WriteAsync(buffer, cancellationToken);
            await _stdin.FlushAsync(cancellationToken);
        }
        catch (IOException e) when (e is not CommandConnectionException)
        {
            // A broken pipe: the command has ended; its status and stderr say why.
            await ThrowIfFailedAsync(e);
            throw;
        }
    }

    public override void Flush() => _stdin.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _stdin.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>When the child has ended (or ends soon) with a non-zero status, throws with its stderr.</summary>
    async Task ThrowIfFailedAsync(Exception? inner)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        using var wait = new CancellationTokenSource(ExitWait);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            await _stderrDrained.WaitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (_process.ExitCode == 0) return;
        string stderr;
        lock (_stderr) stderr = _stderr.ToString().Trim();
        throw new CommandConnectionException(_commandLine, _process.ExitCode, stderr, inner);
    }

    async Task DrainStderrAsync()
    {
        var buffer = new char[1024];
        try
        {
            int n;
            while ((n = await _process.StandardError.ReadAsync(buffer)) > 0)
                lock (_stderr)
                    if (_stderr.Length < MaxStderr) _stderr.Append(buffer, 0, Math.Min(n, MaxStderr - _stderr.Length));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The child is gone; what it wrote so far is what there is.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try { _stdin.Dispose(); }
            catch (IOException) { /* the pipe is already broken */ }
            _stdout.Dispose();
            try
            {
                if (!_process.HasExited) _process.Kill();
                _process.WaitForExit(ExitWait);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // It ended on its own meanwhile.
            }
            ChildProcesses.Forget(_process);
            _process.Dispose();
        }
        base.Dispose(disposing);
    }
}
