namespace Wharf.Testing.Daemon;

/// <summary>
/// Reads through to an inner stream until <c>pauseAfter</c> bytes went out, then signals <see cref="Paused"/> and
/// blocks until <see cref="Fail"/> is called: an upload that stops in the middle for as long as the test needs.
/// </summary>
public sealed class GatedStream(Stream inner, long pauseAfter) : Stream
{
    readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _sent;

    /// <summary>Completes once <c>pauseAfter</c> bytes were handed to the reader.</summary>
    public Task Paused => _paused.Task;

    /// <summary>Makes the blocked read throw, ending the upload.</summary>
    public void Fail() => _released.TrySetException(new IOException("upload aborted by the test"));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _sent; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var room = pauseAfter - _sent;
        if (room <= 0)
        {
            _paused.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
        var n = await inner.ReadAsync(room > 0 ? buffer[..(int)Math.Min(buffer.Length, room)] : buffer, cancellationToken);
        _sent += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
