using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>Assertions over docker CLI runs, with the whole run (exit, stdout, stderr) in every failure message.</summary>
internal static class Cli
{
    /// <summary>Expects exit 0 and nothing on stderr; returns stdout.</summary>
    public static string Ok(ProcessResult r)
    {
        Assert.True(r.ExitCode == 0 && r.Stderr.Length == 0, $"expected success with empty stderr, got {r}");
        return r.Stdout;
    }

    /// <summary>Expects exit 0 (stderr may hold warnings); returns stdout.</summary>
    public static string Succeeds(ProcessResult r)
    {
        Assert.True(r.ExitCode == 0, $"expected exit 0, got {r}");
        return r.Stdout;
    }

    /// <summary>Expects exit 1 with exactly <paramref name="stderr"/> on stderr.</summary>
    public static void Fails(ProcessResult r, string stderr)
    {
        Assert.True(r.ExitCode == 1, $"expected exit 1, got {r}");
        Assert.Equal(stderr, r.Stderr);
    }

    public static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
