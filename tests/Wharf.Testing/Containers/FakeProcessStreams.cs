using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Testing.Containers;

/// <summary>Streams of a fake process: output the test (or the fake runtime) writes, stdin it can read back.</summary>
public sealed class FakeProcessStreams : IProcessStreams
{
    readonly Channel<OutputChunk> _output = Channel.CreateUnbounded<OutputChunk>();
    readonly Action? _onFirstRead;
    int _reads;

    public FakeProcessStreams(Action? onFirstRead = null) => _onFirstRead = onFirstRead;

    public List<byte> Stdin { get; } = [];
    public bool StdinClosed { get; private set; }
    public bool Disposed { get; private set; }

    public void Write(StdStream stream, string text) => _output.Writer.TryWrite(new OutputChunk(stream, System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>The process exited: readers see the end after the output already written.</summary>
    public void Complete() => _output.Writer.TryComplete();

    public ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        lock (Stdin) Stdin.AddRange(data.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseStdinAsync(CancellationToken ct)
    {
        StdinClosed = true;
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<OutputChunk> ReadOutputAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (Interlocked.Increment(ref _reads) == 1) _onFirstRead?.Invoke();
        await foreach (var chunk in _output.Reader.ReadAllAsync(ct)) yield return chunk;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
