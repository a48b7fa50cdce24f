using System.Globalization;
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

    /// <summary>Lays out everything written so far and writes it.</summary>
    public void Flush()
    {
        var text = _pending.ToString();
        _pending.Clear();
        if (text.Length == 0) return;
        var lines = text.Split('\n');
        var trailingNewline = text.EndsWith('\n');
        if (trailingNewline) lines = lines[..^1];
        var cells = lines.Select(l => l.Split('\t')).ToArray();
        var widths = new int[cells.Length][];
        for (var i = 0; i < cells.Length; i++) widths[i] = new int[Math.Max(0, cells[i].Length - 1)];
        for (var col = 0; ; col++)
        {
            var any = false;
            var line = 0;
            while (line < cells.Length)
            {
                if (cells[line].Length - 1 <= col) { line++; continue; }
                any = true;
                // A block: consecutive lines that have a cell in this column.
                var start = line;
                var width = 0;
                while (line < cells.Length && cells[line].Length - 1 > col)
                {
                    width = Math.Max(width, Width(cells[line][col]) + padding);
                    line++;
                }
                width = Math.Max(width, minWidth);
                for (var l = start; l < line; l++) widths[l][col] = width;
            }
            if (!any) break;
        }
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            for (var c = 0; c < cells[i].Length; c++)
            {
                var cell = cells[i][c];
                sb.Append(cell);
                if (c < cells[i].Length - 1) sb.Append(' ', widths[i][c] - Width(cell));
            }
            if (i < cells.Length - 1 || trailingNewline) sb.Append('\n');
        }
        output.Write(sb.ToString());
    }

    /// <summary>
    /// The docker CLI's tabwriter counts display width, not bytes: a combining mark adds nothing.
    /// </summary>
    static int Width(string cell) => Text.IsPrintableAscii(cell) ? cell.Length : new StringInfo(cell).LengthInTextElements;
}
