using static Wharf.Engine.Tests.Images.ArchiveFactory;

namespace Wharf.Engine.Tests.Images;

public sealed class ConcurrencyTests
{
    static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_prune_during_an_upload_leaves_the_load_in_progress_alone()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a", new string('x', 5000));
        var archive = DockerArchive([(Config([l1]), ["app:1"], [l1])]);
        var gate = new GatedStream(archive, pauseAt: archive.Length / 2);
        var load = Task.Run(async () =>
        {
            var list = new List<Wharf.Engine.Images.ImageProgress>();
            await foreach (var p in h.Service.LoadAsync(gate, true, Ct)) list.Add(p);
            return list;
        });
        await gate.Paused.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEmpty(h.Files("tmp"));

        await h.Service.PruneAsync(ImageHarness.Filters(("dangling", "false")), Ct);
        Assert.NotEmpty(h.Files("tmp"));

        gate.Resume();
        var messages = await load.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["Loaded image: app:1\n"], messages.Select(m => m.Stream));
        Assert.Empty(h.Files("tmp"));
    }

    /// <summary>A forward-only stream that stops at a byte offset until the test resumes it.</summary>
    sealed class GatedStream(byte[] data, int pauseAt) : Stream
    {
        readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int _pos;

        public Task Paused => _paused.Task;
        public void Resume() => _resume.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_pos >= pauseAt && !_resume.Task.IsCompleted)
            {
                _paused.TrySetResult();
                await _resume.Task.WaitAsync(cancellationToken);
            }
            var limit = _pos < pauseAt ? pauseAt : data.Length;
            var n = Math.Min(buffer.Length, limit - _pos);
            data.AsMemory(_pos, n).CopyTo(buffer);
            _pos += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
