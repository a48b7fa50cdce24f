using System.Diagnostics;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// A docker CLI run that the test reads line by line while it runs (<c>logs -f</c>, <c>attach</c>); disposing kills it if it
/// has not ended.
/// </summary>
internal sealed class StreamingCli : IAsyncDisposable
{
    readonly Process _process;
    readonly Task<string> _stderr;

    StreamingCli(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static StreamingCli Start(DockerCli docker, params string[] args)
    {
        var start = new ProcessStartInfo(DockerCli.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in docker.Environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        return new StreamingCli(Process.Start(start) ?? throw new InvalidOperationException("could not start docker"));
    }

    /// <summary>The next stdout line, or null at the end; fails after <paramref name="seconds"/>.</summary>
    public async Task<string?> ReadLineAsync(int seconds = 15)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"docker printed no line within {seconds} s");
        }
    }

    /// <summary>Waits for the CLI to exit and returns its exit code and stderr.</summary>
    public async Task<(int ExitCode, string Stderr)> WaitAsync(int seconds = 15)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _process.WaitForExitAsync(timeout.Token);
        return (_process.ExitCode, await _stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
