using System.ComponentModel;
using System.Diagnostics;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Linux.Processes;

/// <summary>Runs real programs with arguments passed as argv (no shell), collecting stdout and stderr.</summary>
public sealed class ProcessRunner : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct)
    {
        var start = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in spec.Environment) start.Environment[key] = value;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new EngineException(ErrorKind.Unavailable, $"failed to run {spec.FileName}: {e.Message}", e);
        }

        using var timeout = spec.Timeout is { } limit ? new CancellationTokenSource(limit) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var token = linked?.Token ?? ct;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(token);
            var stderr = process.StandardError.ReadToEndAsync(token);
            await WriteInputAsync(process, spec.StandardInput, token);
            await process.WaitForExitAsync(token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && timeout is not null)
        {
            Kill(process);
            throw new EngineException(ErrorKind.Unavailable, $"{spec.FileName} did not finish within {spec.Timeout!.Value.TotalSeconds:0.###}s");
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    static async Task WriteInputAsync(Process process, string? input, CancellationToken ct)
    {
        try
        {
            if (input is not null) await process.StandardInput.WriteAsync(input.AsMemory(), ct);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading its input (EPIPE); its exit code says what happened.
        }
    }

    static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }
}
