using System.Globalization;
using System.Threading.Channels;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Linux.Runtime;

/// <summary>
/// One subscription to exits: an inotify watch (FileSystemWatcher) on the exit directory where each conmon writes
/// <c>&lt;id&gt;</c> with the exit code when its container's init ends, plus the exec exits the runtime publishes.
/// Files already there are replayed when the subscription starts; each file is reported once per write.
/// </summary>
internal sealed class ExitWatch : IDisposable
{
    readonly RuntimeLayout _layout;
    readonly Channel<RuntimeExit> _channel = Channel.CreateUnbounded<RuntimeExit>();
    readonly Dictionary<string, DateTime> _reported = [];
    readonly FileSystemWatcher _watcher;

    public ExitWatch(RuntimeLayout layout)
    {
        _layout = layout;
        _watcher = new FileSystemWatcher(layout.ExitDir) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        _watcher.Created += (_, e) => Offer(e.FullPath);
        _watcher.Changed += (_, e) => Offer(e.FullPath);
        _watcher.Renamed += (_, e) => Offer(e.FullPath);
        // inotify's queue overflowed: events were lost, the directory itself still says everything.
        _watcher.Error += (_, _) => Rescan();
        _watcher.EnableRaisingEvents = true;
        Rescan();
    }

    void Rescan()
    {
        try
        {
            foreach (var path in Directory.EnumerateFiles(_layout.ExitDir)) Offer(path);
        }
        catch (IOException)
        {
            // The exec root went away (tests removing it, or a daemon being torn down): nothing left to report.
        }
    }

    public ChannelReader<RuntimeExit> Reader => _channel.Reader;

    public void Publish(RuntimeExit exit) => _channel.Writer.TryWrite(exit);

    public void Dispose()
    {
        _watcher.Dispose();
        _channel.Writer.TryComplete();
    }

    void Offer(string path)
    {
        var name = Path.GetFileName(path);
        if (!ContainerId.TryParse(name, out var id)) return; // conmon's temporary files while it writes
        lock (_reported)
        {
            string text;
            DateTime written;
            try
            {
                written = File.GetLastWriteTimeUtc(path);
                text = File.ReadAllText(path).Trim();
            }
            catch (IOException)
            {
                return; // Deleted in the meantime (the container was removed).
            }
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)) return;
            if (_reported.TryGetValue(name, out var seen) && seen == written) return;
            _reported[name] = written;
            var oom = File.Exists(_layout.OomFile(name));
            _channel.Writer.TryWrite(new RuntimeExit(id, null, code, oom, new DateTimeOffset(written, TimeSpan.Zero)));
        }
    }
}
