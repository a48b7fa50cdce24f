namespace Wharf.Engine.Containers.Health;

/// <summary>
/// Runs a container's health probe every interval on the <see cref="TimeProvider"/> until disposed. The probe
/// and what is done with its result are the service's; the monitor only keeps the rhythm.
/// </summary>
internal sealed class HealthMonitor : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;

    public HealthMonitor(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> probeOnce)
    {
        // Timers are made before anything can observe the previous step (the start, a recorded probe), so the
        // rhythm is exactly one interval, and a test on a manual clock never advances past a timer not yet made.
        var first = Task.Delay(interval, time, _stop.Token);
        _loop = RunAsync(first, interval, time, probeOnce);
    }

    async Task RunAsync(Task first, TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> probeOnce)
    {
        var wait = first;
        try
        {
            while (true)
            {
                await wait.ConfigureAwait(false);
                wait = Task.Delay(interval, time, _stop.Token);
                await probeOnce(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped: the container exited or was removed.
        }
    }

    /// <summary>
    /// Stops the rhythm without waiting for a probe in flight: the caller may hold the container's lock, which a
    /// probe waits for (with this token) before it records its result.
    /// </summary>
    public async ValueTask DisposeAsync() => await _stop.CancelAsync();

    /// <summary>The loop, for tests that must see it end.</summary>
    internal Task Completion => _loop;
}
