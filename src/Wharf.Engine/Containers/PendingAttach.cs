using System.Runtime.CompilerServices;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers;

/// <summary>
/// An attach that came before the container runs: it waits for the runtime's streams, which the start hands over
/// after the runtime created the container and before its process runs, so the client sees every byte.
/// </summary>
internal sealed class PendingAttach(Action<PendingAttach> onDispose) : IProcessStreams
{
    readonly TaskCompletionSource<IProcessStreams> _streams = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsConnected => _streams.Task.IsCompletedSuccessfully;

    public void Connect(IProcessStreams streams) => _streams.TrySetResult(streams);

    public void Fail(Exception error) => _streams.TrySetException(error);

    public async ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken ct) =>
        await (await _streams.Task.WaitAsync(ct)).WriteStdinAsync(data, ct);

    public async ValueTask CloseStdinAsync(CancellationToken ct) => await (await _streams.Task.WaitAsync(ct)).CloseStdinAsync(ct);

    public async IAsyncEnumerable<OutputChunk> ReadOutputAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var streams = await _streams.Task.WaitAsync(ct);
        await foreach (var chunk in streams.ReadOutputAsync(ct)) yield return chunk;
    }

    public async ValueTask DisposeAsync()
    {
        onDispose(this);
        if (_streams.Task.IsCompletedSuccessfully) await _streams.Task.Result.DisposeAsync();
        else _streams.TrySetCanceled();
    }
}
