using System.Text;

namespace Wharf.Cli.Output;

/// <summary>
/// Go's text/tabwriter as the docker CLI configures it (min width 10, tab width 1, padding 3, space fill): a cell is
/// text ended by a tab; a column's width is its widest cell plus padding, at least the min width, computed per block
/// of consecutive lines that have that column. The text after the last tab of a line is not a cell and is not padded.
/// </summary>
internal sealed class TableWriter(TextWriter output, int minWidth = 10, int padding = 3)
{
    readonly StringBuilder _pending = new();

    public void Write(string text) => _pending.Append(text);

    public void Write(StringBuilder text) => _pending.Append(text);

    /// <summary>
    /// Lays out everything written so far and writes it. Cells are ranges of the text rather than strings of their own:
    /// a list of a hundred rows would otherwise be copied several times over, and in a short-lived process every fresh
    /// page of heap costs a fault.
    /// </summary>
    public void Flush()
    {
        var text = _pending.ToString();
        _pending.Clear();
        if (text.Length == 0) return;
        var trailingNewline = text.EndsWith('\n');
        var body = trailingNewline ? text.AsSpan(0, text.Length - 1) : text.AsSpan();
        // Every line's cells as (start, length) in text; a line's last cell is the text after its last tab.
        var lines = new List<(int First, int Count)>();
        var cells = new List<(int Start, int Length)>();
        var lineStart = 0;
        while (true)
        {
            var end = body[lineStart..].IndexOf('\n');
            var line = end < 0 ? body[lineStart..] : body.Slice(lineStart, end);
            var first = cells.Count;
            var cellStart = 0;
            int tab;
            while ((tab = line[cellStart..].IndexOf('\t')) >= 0)
            {
                cells.Add((lineStart + cellStart, tab));
                cellStart += tab + 1;
            }
            cells.Add((lineStart + cellStart, line.Length - cellStart));
            lines.Add((first, cells.Count - first));
            if (end < 0) break;
            lineStart += end + 1;
        }
        var cellWidths = new int[cells.Count];
        for (var i = 0; i < cells.Count; i++) cellWidths[i] = Text.Width(text.AsSpan(cells[i].Start, cells[i].Length));
        // A column's width, per block of consecutive lines that have a tab-ended cell in it.
        var columns = new int[cells.Count];
        for (var col = 0; ; col++)
        {
            var any = false;
            var line = 0;
            while (line < lines.Count)
            {
                if (lines[line].Count - 1 <= col) { line++; continue; }
                any = true;
                var start = line;
                var width = 0;
                while (line < lines.Count && lines[line].Count - 1 > col)
                {
                    width = Math.Max(width, cellWidths[lines[line].First + col] + padding);
                    line++;
                }
                width = Math.Max(width, minWidth);
                for (var l = start; l < line; l++) columns[lines[l].First + col] = width;
            }
            if (!any) break;
        }
        // Laid out in one buffer of the exact size, written at once: the output flushes on every write.
        var size = text.Length;
        foreach (var (first, count) in lines)
            for (var c = first; c < first + count - 1; c++) size += columns[c] - cellWidths[c] - 1;
        var laid = new StringBuilder(size);
        for (var i = 0; i < lines.Count; i++)
        {
            var (first, count) = lines[i];
            for (var c = first; c < first + count; c++)
            {
                laid.Append(text, cells[c].Start, cells[c].Length);
                if (c < first + count - 1) laid.Append(' ', columns[c] - cellWidths[c]);
            }
            if (i < lines.Count - 1 || trailingNewline) laid.Append('\n');
        }
        output.Write(laid);
    }
}
