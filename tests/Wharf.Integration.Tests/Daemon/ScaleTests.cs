using System.Runtime.Versioning;
using Wharf.Api.Containers;
using Wharf.Integration.Tests.Containers;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Daemon;

/// <summary>Many containers through the API of a real wharfd at once: all of them run, and removing them leaks nothing.</summary>
[SupportedOSPlatform("linux")]
public sealed class ScaleTests
{
    const int Count = 50;
    const int Parallel = 8;

    [DockerCliFact]
    public async Task Fifty_containers_started_eight_at_a_time_all_run_and_are_removed_without_leaks()
    {
        await using var daemon = new WharfdFixture();
        using var docker = new DockerCli(daemon.SocketPath);
        var ids = new List<string>();
        try
        {
            await daemon.StartAsync();
            await Busybox.ImportAsync(daemon.Client, "scale", "1", "CMD [\"sh\"]");
            var client = daemon.Client;

            await ForEachAsync(Enumerable.Range(0, Count), async i =>
            {
                var created = await client.Containers.CreateAsync(new ContainerCreateRequest
                {
                    Image = "scale:1",
                    Cmd = ["sleep", "300"],
                    HostConfig = new HostConfig { NetworkMode = "none" },
                }, $"scale-{i}");
                lock (ids) ids.Add(created.Id);
                Assert.True(await client.Containers.StartAsync(created.Id));
            });

            var pids = new HashSet<int>();
            foreach (var id in ids)
            {
                var state = (await client.Containers.InspectAsync(id)).State;
                Assert.True(state is { Status: "running", Running: true }, $"{id}: {state.Status}");
                Assert.True(EngineHarness.ProcessAlive(state.Pid), $"{id}: pid {state.Pid} is not alive");
                pids.Add(state.Pid);
            }
            Assert.Equal(Count, pids.Count);
            Assert.Equal(Count, Cli.Lines(Cli.Ok(await docker.RunAsync("ps", "-q", "--filter", "status=running"))).Length);
            Assert.Equal(Count, HostLeaks.Conmons(daemon.ExecRoot).Count);
            Assert.Equal(Count, HostLeaks.Mounts(daemon.Root).Count(m => m.EndsWith("/merged", StringComparison.Ordinal)));

            await ForEachAsync(ids, id => client.Containers.RemoveAsync(id, force: true));

            Assert.Equal("", Cli.Ok(await docker.RunAsync("ps", "-a", "-q")));
            Assert.All(pids, pid => Assert.False(EngineHarness.ProcessAlive(pid), $"pid {pid} outlived its container"));
            await HostLeaks.AssertNoneAsync(daemon, ids);
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(daemon.DataRoot, "containers")));
        }
        finally
        {
            await HostLeaks.CleanUpAsync(daemon, docker, ids);
        }
    }

    /// <summary>Runs <paramref name="action"/> on every item, at most <see cref="Parallel"/> at a time.</summary>
    static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action)
    {
        using var gate = new SemaphoreSlim(Parallel);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                await action(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
