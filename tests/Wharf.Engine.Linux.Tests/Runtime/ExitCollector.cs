using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Linux.Tests.Runtime;

/// <summary>Reads a runtime's exits in the background so a test can wait for one (polling, never sleeping blindly).</summary>
internal sealed class ExitCollector : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly List<RuntimeExit> _exits = [];
    readonly Task _reading;

    public ExitCollector(IOciRuntime runtime) => _reading = ReadAsync(runtime);

    public async Task<RuntimeExit> WaitAsync(ContainerId id, string? execId = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            lock (_exits)
            {
                var exit = _exits.Find(e => e.Id == id && e.ExecId == execId);
                if (exit is not null) return exit;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"no exit for {id} {execId}");
    }

    public int Count(ContainerId id)
    {
        lock (_exits) return _exits.Count(e => e.Id == id);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    async Task ReadAsync(IOciRuntime runtime)
    {
        await foreach (var exit in runtime.ExitsAsync(_stop.Token))
        {
            lock (_exits) _exits.Add(exit);
        }
    }
}
