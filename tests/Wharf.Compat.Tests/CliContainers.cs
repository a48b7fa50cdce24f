using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// The docker CLI on one test class's wharfd plus the container names its tests made, so that every class removes
/// its containers (with <c>rm -f</c>) whatever its tests did.
/// </summary>
internal sealed class CliContainers(WharfdFixture daemon) : IAsyncDisposable
{
    readonly List<string> _names = [];

    public DockerCli Docker { get; } = new(daemon.SocketPath);

    /// <summary>Imports the busybox rootfs as <paramref name="image"/> with <c>CMD ["sh"]</c>, unless an earlier test of the class did.</summary>
    public async Task ImportAsync(string image)
    {
        if ((await Docker.RunAsync("image", "inspect", "-f", "{{.Id}}", image)).ExitCode == 0) return;
        Cli.Ok(await Docker.RunAsync("import", "-c", "CMD [\"sh\"]", await BusyboxRootfs.GetAsync(), image));
    }

    /// <summary>Registers a container name for removal and returns it.</summary>
    public string Name(string name)
    {
        _names.Add(name);
        return name;
    }

    public Task<ProcessResult> RunAsync(params string[] args) => Docker.RunAsync(args);

    /// <summary><c>docker inspect -f</c> with the trailing newline removed.</summary>
    public async Task<string> InspectAsync(string name, string format)
        => Cli.Ok(await Docker.RunAsync("inspect", "-f", format, name)).TrimEnd('\n');

    /// <summary>Polls (every 100 ms) until <paramref name="condition"/> holds; fails with <paramref name="what"/> after the deadline.</summary>
    public static Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 15)
        => WaitForAsync(condition, () => what, seconds);

    /// <summary>As above, with a failure message built at the deadline (so it can show the last value seen).</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, Func<string> what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what()}: not within {seconds} s");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls <c>inspect -f</c> until it prints <paramref name="expected"/>.</summary>
    public async Task WaitForInspectAsync(string name, string format, string expected, int seconds = 15)
    {
        var last = "";
        await WaitForAsync(async () =>
        {
            var r = await Docker.RunAsync("inspect", "-f", format, name);
            last = r.ToString();
            return r.ExitCode == 0 && r.Stdout.TrimEnd('\n') == expected;
        }, () => $"{name}: inspect -f '{format}' never printed '{expected}'; last: {last}", seconds);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _names) await Docker.RunAsync("rm", "-f", name);
        Docker.Dispose();
    }
}
