using System.Text.Json;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Terminal;

/// <summary>
/// How the real wharf (dotnet wharf.dll) writes its standard streams: nothing but its output on a terminal (no console
/// initialisation sequences), and at the descriptor's shared offset when stdout is a regular file.
/// </summary>
public sealed class StandardStreamsTests
{
    static readonly string Wharf = Path.Combine(AppContext.BaseDirectory, "wharf.dll");

    [Fact]
    public async Task On_a_terminal_the_output_is_the_text_alone()
    {
        var spec = new Dictionary<string, object>
        {
            ["argv"] = (string[])["dotnet", Wharf, "--version"],
            ["size"] = new[] { 24, 80 },
            ["steps"] = Array.Empty<object>(),
            ["timeout"] = 60,
        };
        var driver = Path.Combine(RepoPaths.Root, "tests", "Wharf.Cli.Tests", "Terminal", "pty_driver.py");
        var result = await ProcessRunner.RunAsync("python3", [driver, JsonSerializer.Serialize(spec)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var output = json.RootElement.GetProperty("output").GetString()!;

        Assert.StartsWith("Wharf version ", output);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task Output_to_a_file_moves_the_shared_offset_so_later_writes_follow_it()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "out");
        var script = $"dotnet '{Wharf}' --version; echo after; dotnet '{Wharf}' --version";

        var result = await ProcessRunner.RunAsync("sh", ["-c", $"({script}) > '{file}'"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = File.ReadAllLines(file);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Wharf version ", lines[0]);
        Assert.Equal("after", lines[1]);
        Assert.StartsWith("Wharf version ", lines[2]);
    }
}
