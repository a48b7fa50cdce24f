using Wharf.Engine.Containers.Observe;

namespace Wharf.Engine.Tests.Containers;

/// <summary>dockerd's top rules: the PID column found by its title, rows kept by pid, overhang joined, thread rows, renamed PID refused.</summary>
public sealed class PsOutputTests
{
    const string Ef = """
        UID          PID    PPID  C STIME TTY          TIME CMD
        root           1       0  0 08:00 ?        00:00:01 /sbin/init
        root       13161   13140  0 02:50 ?        00:00:00 sleep 1000
        root       13170   13161  0 02:50 ?        00:00:00 sh -c echo  two   spaces
        root       20000       1  0 02:51 ?        00:00:00 unrelated
        """;

    [Fact]
    public void Default_columns_keep_the_container_rows_and_join_the_command()
    {
        var top = PsOutput.Parse(Ef, new HashSet<int> { 13161, 13170 });
        Assert.Equal(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], top.Titles);
        Assert.Equal(2, top.Processes.Count);
        Assert.Equal(["root", "13161", "13140", "0", "02:50", "?", "00:00:00", "sleep 1000"], top.Processes[0]);
        // Fields are split on whitespace and the overhang joined with single spaces, as dockerd does.
        Assert.Equal("sh -c echo two spaces", top.Processes[1][7]);
    }

    [Fact]
    public void Arguments_that_move_the_pid_column_still_filter_by_pid()
    {
        const string output = "COMMAND           PID USER\nsleep           13161 root\ninit                1 root\n";
        var top = PsOutput.Parse(output, new HashSet<int> { 13161 });
        Assert.Equal(["COMMAND", "PID", "USER"], top.Titles);
        Assert.Equal(["sleep", "13161", "root"], Assert.Single(top.Processes));
    }

    [Fact]
    public void Thread_rows_follow_their_process()
    {
        const string output = "  PID TTY      STAT   TIME COMMAND\n13161 ?        -      0:00 sleep 1000\n    - -        Ss     0:00 -\n    1 ?        -      0:01 /sbin/init\n    - -        Ss     0:01 -\n";
        var top = PsOutput.Parse(output, new HashSet<int> { 13161 });
        Assert.Equal(2, top.Processes.Count);
        Assert.Equal("-", top.Processes[1][0]);
    }

    [Fact]
    public void No_pid_column_and_a_bad_pid_are_errors()
    {
        var missing = Assert.Throws<EngineException>(() => PsOutput.Parse("COMMAND\nsleep\n", new HashSet<int> { 1 }));
        Assert.Equal("Couldn't find PID field in ps output", missing.Message);
        var bad = Assert.Throws<EngineException>(() => PsOutput.Parse("PID CMD\nabc sleep\n", new HashSet<int> { 1 }));
        Assert.StartsWith("Unexpected pid 'abc'", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renaming_a_column_to_pid_is_refused_except_pid_itself()
    {
        var e = Assert.Throws<EngineException>(() => PsOutput.Validate("-o user=PID"));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("specifying \"user=PID\" is not allowed", e.Message);
        PsOutput.Validate("-o pid=PID");
        PsOutput.Validate("-ef");
    }

    [Fact]
    public void Pids_argument_and_split_match_dockerd()
    {
        Assert.Equal("-q1,22,333", PsOutput.PidsArgument([1, 22, 333]));
        Assert.Equal(["-o", "pid,comm"], PsOutput.Split("-o pid,comm"));
        Assert.Equal(["aux", "", "f"], PsOutput.Split("aux  f"));
    }
}
