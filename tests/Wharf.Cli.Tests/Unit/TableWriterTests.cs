using Wharf.Cli.Output;

namespace Wharf.Cli.Tests.Unit;

public sealed class TableWriterTests
{
    [Fact]
    public void Columns_are_widest_cell_plus_three_and_at_least_ten_and_the_last_cell_is_not_padded()
    {
        var output = new StringWriter();
        var table = new TableWriter(output);
        table.Write("REPOSITORY\tTAG\tSIZE\nbusybox\tlatest\t4.26MB\na-much-longer-name\tv1\t1kB\n");
        table.Flush();
        Assert.Equal(
            "REPOSITORY           TAG       SIZE\n" +
            "busybox              latest    4.26MB\n" +
            "a-much-longer-name   v1        1kB\n",
            output.ToString());
    }

    [Fact]
    public void A_line_without_the_column_ends_its_block()
    {
        var output = new StringWriter();
        var table = new TableWriter(output, minWidth: 0, padding: 1);
        table.Write("a\tb\nlonger\tc\nno tabs here\nx\ty\n");
        table.Flush();
        Assert.Equal("a      b\nlonger c\nno tabs here\nx y\n", output.ToString());
    }

    [Fact]
    public void A_combining_mark_takes_no_column_as_in_the_docker_clis_tabwriter()
    {
        // Checked against `docker version -f` (its tabwriter: min width 20, padding 1): 15 accented e, 30 UTF-16 units, are 15 columns.
        var accented = string.Concat(Enumerable.Repeat("e\u0301", 15));
        var output = new StringWriter();
        var table = new TableWriter(output, minWidth: 20, padding: 1);
        table.Write($"{accented}\tX\n{new string('a', 25)}\tY\n");
        table.Flush();
        Assert.Equal($"{accented}{new string(' ', 11)}X\n{new string('a', 25)} Y\n", output.ToString());
    }

    [Fact]
    public void East_asian_wide_characters_take_two_columns_as_in_the_docker_clis_tabwriter()
    {
        // `docker ps -a --format 'table {{.Label "x"}}\t{{.Label "y"}}\t{{.Names}}'` (docker CLI 28.2.2), byte for byte.
        var output = new StringWriter();
        var table = new TableWriter(output);
        table.Write("x\ty\tNAMES\nabcdefghijk\t\U0001F389x\twide2\n日本語\te\u0301e\u0301\twide1\n");
        table.Flush();
        Assert.Equal("x             y         NAMES\nabcdefghijk   \U0001F389x       wide2\n日本語        e\u0301e\u0301        wide1\n", output.ToString());
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("/bin/sh -c 'sleep 1000'", 10, "/bin/sh -…")]
    [InlineData("abc", 1, "a")]
    [InlineData("abc", 0, "")]
    // The docker CLI's cuts of these commands at 20 columns (`docker ps`, CLI 28.2.2): a wide rune counts two, a
    // combining mark one, and the runes kept fill at most 19 columns.
    [InlineData("'abcdefghijklmnopq日'", 20, "'abcdefghijklmnopq…")]
    [InlineData("'abcdefghijklmnopqrs日'", 20, "'abcdefghijklmnopqr…")]
    [InlineData("'ab日本語日本語日本語日本語'", 20, "'ab日本語日本語日本…")]
    [InlineData("'日本語日本語日本語日本語abc'", 20, "'日本語日本語日本語…")]
    [InlineData("'e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301'", 20, "'e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301…")]
    [InlineData("日本", 3, "日…")]
    [InlineData("日本語", 2, "日本語")]
    public void Ellipsis_cuts_as_the_docker_cli_does(string text, int max, string expected)
    {
        Assert.Equal(expected, Text.Ellipsis(text, max));
    }
}
