using System.Diagnostics;
using System.Runtime.InteropServices;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests;

/// <summary>Ctrl-C (SIGINT) on the wharf process: a command that streams stops cleanly and exits 130, as the docker CLI's does.</summary>
public sealed class CliInterruptTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>
{
    const int SigInt = 2;

    static string WharfDll => Path.Combine(AppContext.BaseDirectory, "wharf.dll");

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    [RootFact]
    public async Task Ctrl_c_ends_a_streaming_command_cleanly_with_130()
    {
        using var config = new TempDir();
        // Through env, which resets SIGINT to its default: a test run from a background job inherits it ignored, and a
        // program keeps an ignored SIGINT ignored.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        foreach (var a in new[] { "--default-signal=INT", dotnet, WharfDll, "-H", $"unix://{daemon.SocketPath}", "events" }) start.ArgumentList.Add(a);
        start.Environment["WHARF_CONFIG"] = config.Path;
        using var wharf = Process.Start(start)!;
        var stdout = wharf.StandardOutput.ReadToEndAsync();
        var stderr = wharf.StandardError.ReadToEndAsync();
        try
        {
            // Streaming by now: past the moment after which the CLI handles Ctrl-C itself rather than dying of it.
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (wharf.HasExited) Assert.Fail($"events ended by itself: {await stderr}");
            Assert.Equal(0, Kill(wharf.Id, SigInt));
            Assert.True(wharf.WaitForExit(TimeSpan.FromSeconds(20)), "events did not end on SIGINT");
        }
        finally
        {
            if (!wharf.HasExited)
            {
                wharf.Kill();
                wharf.WaitForExit();
            }
        }
        Assert.Equal(130, wharf.ExitCode);
        Assert.Equal("", await stderr);
        Assert.Equal("", await stdout);
    }
}
