using System.Diagnostics;

namespace Wharf.Cli.Output;

/// <summary>
/// Byte progress for load and save: on a terminal one line redrawn in place ("Loading  [=====>    ]  12.3MB/45.6MB"), elsewhere
/// a plain line at most once a second, so logs stay readable. <see cref="Done"/> ends the line.
/// </summary>
internal sealed class ProgressPrinter(TextWriter output, string action, long? total, bool terminal)
{
    const int BarWidth = 50;
    readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    long _current;
    bool _printed;

    public void Report(long current)
    {
        _current = current;
        if (_sinceLast.ElapsedMilliseconds < (terminal ? 100 : 1000)) return;
        _sinceLast.Restart();
        Print();
    }

    public void Done()
    {
        if (terminal && _printed)
        {
            Print();
            output.Write('\n');
        }
        output.Flush();
    }

    void Print()
    {
        _printed = true;
        var amount = total is long t && t > 0 ? $"{Humanize.Size(_current)}/{Humanize.Size(t)}" : Humanize.Size(_current);
        if (!terminal)
        {
            output.WriteLine($"{action}: {amount}");
            return;
        }
        var bar = "";
        if (total is long all && all > 0)
        {
            var filled = (int)Math.Min(BarWidth, _current * BarWidth / all);
            bar = "[" + new string('=', filled) + (filled < BarWidth ? ">" + new string(' ', BarWidth - filled - 1) : "") + "] ";
        }
        output.Write($"\r{action} {bar}{amount}\u001b[K");
        output.Flush();
    }
}
