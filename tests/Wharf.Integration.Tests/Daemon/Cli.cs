using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Daemon;

/// <summary>Assertions over docker CLI runs, with the whole run in every failure message.</summary>
internal static class Cli
{
    /// <summary>Expects exit 0 (stderr may hold warnings, e.g. about the bridge network); returns stdout without its last newline.</summary>
    public static string Ok(ProcessResult r)
    {
        Assert.True(r.ExitCode == 0, $"expected exit 0, got {r}");
        return r.Stdout.TrimEnd('\n');
    }

    public static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
