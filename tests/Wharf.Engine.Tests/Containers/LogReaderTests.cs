using System.Text;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Logs;
using Wharf.Engine.Containers.Runtime;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Containers;

public sealed class LogReaderTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly ManualTimeProvider _clock = new();
    static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    string LogPath => Path.Combine(_dir.Path, "container.log");

    public void Dispose() => _dir.Dispose();

    static string Line(int second, string stream, string tag, string text, int nanos = 123456789) =>
        $"{T0.AddSeconds(second):yyyy-MM-ddTHH:mm:ss}.{nanos:D9}Z {stream} {tag} {text}\n";

    async Task<List<string>> ReadAsync(LogRequest request, Func<bool>? running = null)
    {
        var reader = new K8sFileLogReader(LogPath, _clock, TimeSpan.FromMilliseconds(100));
        var lines = new List<string>();
        await foreach (var e in reader.ReadAsync(request, running ?? (() => false), CancellationToken.None))
            lines.Add($"{(e.Stream == StdStream.Stdout ? "out" : "err")}:{Encoding.UTF8.GetString(e.Data.Span)}");
        return lines;
    }

    [Fact]
    public async Task Parses_both_streams_and_joins_partial_lines()
    {
        File.WriteAllText(LogPath,
            Line(0, "stdout", "F", "hello") +
            Line(1, "stderr", "P", "par") +
            Line(1, "stdout", "F", "between") +
            Line(2, "stderr", "F", "tial") +
            Line(3, "stdout", "F", ""));
        Assert.Equal(["out:hello\n", "out:between\n", "err:partial\n", "out:\n"], await ReadAsync(new LogRequest()));
        Assert.Equal(["err:partial\n"], await ReadAsync(new LogRequest { Stdout = false }));
        Assert.Equal(["out:hello\n", "out:between\n", "out:\n"], await ReadAsync(new LogRequest { Stderr = false }));
    }

    [Fact]
    public async Task A_trailing_partial_line_is_shown_without_a_newline_and_junk_is_skipped()
    {
        File.WriteAllText(LogPath, Line(0, "stdout", "F", "a") + "garbage line\n" + Line(1, "stdout", "P", "prompt> "));
        Assert.Equal(["out:a\n", "out:prompt> "], await ReadAsync(new LogRequest()));
    }

    [Fact]
    public async Task Since_until_and_tail_select_entries()
    {
        File.WriteAllText(LogPath, string.Concat(Enumerable.Range(0, 6).Select(i => Line(i, "stdout", "F", $"l{i}", 0))));
        Assert.Equal(["out:l2\n", "out:l3\n", "out:l4\n", "out:l5\n"], await ReadAsync(new LogRequest { Since = T0.AddSeconds(2) }));
        Assert.Equal(["out:l0\n", "out:l1\n", "out:l2\n"], await ReadAsync(new LogRequest { Until = T0.AddSeconds(2) }));
        Assert.Equal(["out:l4\n", "out:l5\n"], await ReadAsync(new LogRequest { Tail = 2 }));
        Assert.Empty(await ReadAsync(new LogRequest { Tail = 0 }));
        Assert.Equal(["out:l3\n"], await ReadAsync(new LogRequest { Since = T0.AddSeconds(1), Until = T0.AddSeconds(3), Tail = 1 }));
    }

    [Fact]
    public async Task Nanosecond_timestamps_are_kept_to_the_tick()
    {
        File.WriteAllText(LogPath, Line(0, "stdout", "F", "x", 987654321));
        var reader = new K8sFileLogReader(LogPath, _clock, TimeSpan.FromMilliseconds(100));
        await foreach (var e in reader.ReadAsync(new LogRequest(), () => false, CancellationToken.None))
            Assert.Equal(T0.AddTicks(9876543), e.Time);
    }

    [Fact]
    public async Task Rotated_files_are_read_oldest_first()
    {
        File.WriteAllText(LogPath + ".2", Line(0, "stdout", "F", "oldest"));
        File.WriteAllText(LogPath + ".1", Line(1, "stdout", "P", "split "));
        File.WriteAllText(LogPath, Line(2, "stdout", "F", "across files") + Line(3, "stderr", "F", "newest"));
        Assert.Equal(["out:oldest\n", "out:split across files\n", "err:newest\n"], await ReadAsync(new LogRequest()));
        Assert.Equal(["out:split across files\n", "err:newest\n"], await ReadAsync(new LogRequest { Tail = 2 }));
    }

    [Fact]
    public async Task A_missing_log_is_empty()
    {
        Assert.Empty(await ReadAsync(new LogRequest()));
    }

    [Fact]
    public async Task Follow_reads_new_lines_across_a_rotation_until_the_container_stops()
    {
        File.WriteAllText(LogPath, Line(0, "stdout", "F", "first"));
        var running = true;
        var reader = new K8sFileLogReader(LogPath, _clock, TimeSpan.FromMilliseconds(100));
        var seen = new List<string>();
        var follow = Task.Run(async () =>
        {
            await foreach (var e in reader.ReadAsync(new LogRequest { Follow = true }, () => Volatile.Read(ref running), CancellationToken.None))
                lock (seen) seen.Add(Encoding.UTF8.GetString(e.Data.Span));
        });
        int Seen()
        {
            lock (seen) return seen.Count;
        }
        await ContainerHarness.Eventually(() => Seen() == 1, "the existing line");

        File.AppendAllText(LogPath, Line(1, "stdout", "F", "second") + Line(1, "stdout", "P", "half-"));
        await AdvanceUntil(() => Seen() == 2, "an appended line");
        // Rotate: the current file (with a line the reader has not seen yet) becomes .1, a new file starts.
        File.AppendAllText(LogPath, Line(2, "stdout", "F", "written"));
        File.Move(LogPath, LogPath + ".1");
        File.WriteAllText(LogPath, Line(3, "stdout", "F", "after rotation"));
        await AdvanceUntil(() => Seen() == 4, "lines around the rotation");
        Volatile.Write(ref running, false);
        File.AppendAllText(LogPath, Line(4, "stdout", "F", "last words"));
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        await follow.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["first\n", "second\n", "half-written\n", "after rotation\n", "last words\n"], seen);
    }

    async Task AdvanceUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out waiting for: {what}");
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(2);
        }
    }
}
