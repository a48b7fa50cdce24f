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
}
