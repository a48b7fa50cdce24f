using Wharf.Engine.Linux.Processes;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Linux.Tests.Processes;

public sealed class ProcessRunnerTests
{
    readonly ProcessRunner _runner = new();

    [Fact]
    public async Task Passes_arguments_as_argv_and_collects_output_and_exit_code()
    {
        var result = await _runner.RunAsync(
            new ProcessSpec("/bin/sh", ["-c", "printf '%s|' \"$@\"; echo err >&2; exit 3", "sh", "a b", "$HOME;x"]), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("a b|$HOME;x|", result.StandardOutput);
        Assert.Equal("err\n", result.StandardError);
    }

    [Fact]
    public async Task Feeds_standard_input_and_environment()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "cat; printf \"$WHARF_TEST\""])
        {
            StandardInput = "in:",
            Environment = new Dictionary<string, string> { ["WHARF_TEST"] = "env" },
        };

        Assert.Equal("in:env", (await _runner.RunAsync(spec, CancellationToken.None)).StandardOutput);
    }

    [Fact]
    public async Task A_missing_program_is_unavailable()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            _runner.RunAsync(new ProcessSpec("/nonexistent/wharf-tool", []), CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.StartsWith("failed to run /nonexistent/wharf-tool", e.Message);
    }

    [Fact]
    public async Task A_program_that_outlives_its_timeout_is_killed()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            _runner.RunAsync(new ProcessSpec("/bin/sleep", ["30"]) { Timeout = TimeSpan.FromMilliseconds(200) }, CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Contains("did not finish within 0.2s", e.Message);
    }
}
