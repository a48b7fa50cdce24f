using System.Runtime.CompilerServices;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers.Logs;

/// <summary>
/// Reads a container's k8s-file log (as conmon writes it) and its rotated files (<c>&lt;log&gt;.N</c> … <c>&lt;log&gt;.1</c>,
/// oldest first), joining partial lines, selecting streams and a time window, keeping the last <c>tail</c>
/// entries, and following the live file (across rotations) while the container runs.
/// </summary>
internal sealed class K8sFileLogReader(string logPath, TimeProvider time, TimeSpan pollInterval)
{
    /// <summary>Reads the log; with <see cref="LogRequest.Follow"/>, keeps reading until <paramref name="isRunning"/> turns false.</summary>
    public async IAsyncEnumerable<LogEntry> ReadAsync(LogRequest request, Func<bool> isRunning, [EnumeratorCancellation] CancellationToken ct)
    {
        var assembler = new Assembler(request);
        var backlog = new List<LogEntry>();
        foreach (var rotated in RotatedFiles())
            foreach (var line in ReadLines(rotated, 0, final: true, out _))
                assembler.Add(line, backlog);
        long position = 0;
        var identity = FileIdentity(logPath);
        foreach (var line in ReadLines(logPath, 0, final: !request.Follow, out position))
            assembler.Add(line, backlog);
        if (!request.Follow) assembler.Flush(backlog);

        var start = request.Tail >= 0 && backlog.Count > request.Tail ? backlog.Count - request.Tail : 0;
        for (var i = start; i < backlog.Count; i++)
        {
            if (assembler.PastUntil(backlog[i])) yield break;
            yield return backlog[i];
        }
        if (!request.Follow) yield break;

        var fresh = new List<LogEntry>();
        while (true)
        {
            // Look at the state before reading, so the final read after an exit sees everything written before it.
            var running = isRunning();
            var nowIdentity = FileIdentity(logPath);
            var rotated = !SameFile(identity, nowIdentity);
            if (rotated || (File.Exists(logPath) && new FileInfo(logPath).Length < position))
            {
                // Rotated: finish the old file (now <log>.1), then start the new one from its beginning.
                var rotatedPath = logPath + ".1";
                if (File.Exists(rotatedPath) && rotated)
                    foreach (var line in ReadLines(rotatedPath, position, final: true, out _)) assembler.Add(line, fresh);
                identity = nowIdentity;
                position = 0;
            }
            foreach (var line in ReadLines(logPath, position, final: !running, out position)) assembler.Add(line, fresh);
            if (!running) assembler.Flush(fresh);
            foreach (var entry in fresh)
            {
                if (assembler.PastUntil(entry)) yield break;
                yield return entry;
            }
            fresh.Clear();
            if (!running) yield break;
            if (request.Until is { } until && time.GetUtcNow() > until) yield break;
            await Task.Delay(pollInterval, time, ct);
        }
    }

    IEnumerable<string> RotatedFiles()
    {
        var n = 1;
        while (File.Exists($"{logPath}.{n}")) n++;
        for (var i = n - 1; i >= 1; i--) yield return $"{logPath}.{i}";
    }

    /// <summary>A file's first bytes (its first line's nanosecond timestamp): a rotated-in file starts differently.</summary>
    static string? FileIdentity(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var head = new byte[48];
            var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return Convert.ToHexString(head, 0, n);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The same file when one head is a prefix of the other (the first line may still have been growing).</summary>
    static bool SameFile(string? before, string? now) =>
        before is null || now is null || before.StartsWith(now, StringComparison.Ordinal) || now.StartsWith(before, StringComparison.Ordinal);

    /// <summary>Complete lines from <paramref name="from"/>; a last line without <c>\n</c> is kept for later unless <paramref name="final"/>.</summary>
    static List<K8sLogLine> ReadLines(string path, long from, bool final, out long next)
    {
        next = from;
        var lines = new List<K8sLogLine>();
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= from) return lines;
            stream.Position = from;
            bytes = new byte[stream.Length - from];
            stream.ReadExactly(bytes);
        }
        catch (FileNotFoundException)
        {
            return lines;
        }
        catch (DirectoryNotFoundException)
        {
            return lines;
        }
        var memory = bytes.AsMemory();
        var consumed = 0;
        while (consumed < memory.Length)
        {
            var nl = memory.Span[consumed..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                if (!final) break;
                nl = memory.Length - consumed;
            }
            if (K8sLogLine.TryParse(memory.Slice(consumed, nl), out var line)) lines.Add(line);
            consumed = Math.Min(memory.Length, consumed + nl + 1);
        }
        next = from + consumed;
        return lines;
    }

    /// <summary>Joins partial lines per stream and applies the stream and time selection.</summary>
    sealed class Assembler(LogRequest request)
    {
        readonly Dictionary<StdStream, (DateTimeOffset Time, List<byte> Bytes)> _partial = [];

        public void Add(K8sLogLine line, List<LogEntry> into)
        {
            if (line.Partial)
            {
                if (!_partial.TryGetValue(line.Stream, out var open)) _partial[line.Stream] = open = (line.Time, []);
                open.Bytes.AddRange(line.Text.Span);
                return;
            }
            byte[] data;
            var at = line.Time;
            if (_partial.Remove(line.Stream, out var pending))
            {
                pending.Bytes.AddRange(line.Text.Span);
                pending.Bytes.Add((byte)'\n');
                data = [.. pending.Bytes];
                at = pending.Time;
            }
            else
            {
                data = new byte[line.Text.Length + 1];
                line.Text.Span.CopyTo(data);
                data[^1] = (byte)'\n';
            }
            Emit(new LogEntry(line.Stream, at, data), into);
        }

        /// <summary>At the end of the log, partial lines that never got their end are shown as they are.</summary>
        public void Flush(List<LogEntry> into)
        {
            foreach (var (stream, open) in _partial.OrderBy(p => p.Value.Time)) Emit(new LogEntry(stream, open.Time, open.Bytes.ToArray()), into);
            _partial.Clear();
        }

        public bool PastUntil(LogEntry entry) => request.Until is { } until && entry.Time > until;

        void Emit(LogEntry entry, List<LogEntry> into)
        {
            if (entry.Stream == StdStream.Stdout && !request.Stdout) return;
            if (entry.Stream == StdStream.Stderr && !request.Stderr) return;
            if (request.Since is { } since && entry.Time < since) return;
            if (PastUntil(entry)) return;
            into.Add(entry);
        }
    }
}
