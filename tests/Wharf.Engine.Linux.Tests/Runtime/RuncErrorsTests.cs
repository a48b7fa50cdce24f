using Wharf.Engine.Linux.Runtime;

namespace Wharf.Engine.Linux.Tests.Runtime;

/// <summary>runc's JSON log lines become errors in runc's own words, with the kind the words imply.</summary>
public sealed class RuncErrorsTests
{
    [Fact]
    public void Keeps_the_error_messages_of_the_log_and_drops_the_rest()
    {
        var e = RuncErrors.From("create", """
            {"level":"warning","msg":"something minor","time":"2026-11-30T06:36:00Z"}
            {"level":"error","msg":"runc create failed: unable to start container process: exec: \"nope\": executable file not found in $PATH","time":"2026-11-30T06:36:00Z"}
            """);
        Assert.Equal(ErrorKind.Internal, e.Kind);
        Assert.Equal("runc create failed: unable to start container process: exec: \"nope\": executable file not found in $PATH", e.Message);
    }

    [Theory]
    [InlineData("""{"level":"error","msg":"container does not exist"}""", ErrorKind.NotFound)]
    [InlineData("""{"level":"error","msg":"cannot delete container abc that is not stopped: running"}""", ErrorKind.Conflict)]
    [InlineData("""{"level":"error","msg":"container not running"}""", ErrorKind.Conflict)]
    [InlineData("time=\"x\" level=error msg=\"plain text\"", ErrorKind.Internal)]
    public void Maps_the_words_to_a_kind(string stderr, ErrorKind kind) => Assert.Equal(kind, RuncErrors.From("x", stderr).Kind);

    [Fact]
    public void An_empty_stderr_names_the_command() => Assert.Equal("runc start failed", RuncErrors.From("start", "").Message);
}
