using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests;

/// <summary>Compares output with tests/Wharf.Cli.Tests/Golden/NAME; WHARF_UPDATE_GOLDEN=1 rewrites the file instead.</summary>
internal static class Golden
{
    public static void Assert(string actual, string name)
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "Wharf.Cli.Tests", "Golden", name);
        if (Environment.GetEnvironmentVariable("WHARF_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Xunit.Assert.True(File.Exists(path), $"missing golden file {path}; run with WHARF_UPDATE_GOLDEN=1 to create it. Actual:\n{actual}");
        Xunit.Assert.Equal(File.ReadAllText(path), actual);
    }
}
