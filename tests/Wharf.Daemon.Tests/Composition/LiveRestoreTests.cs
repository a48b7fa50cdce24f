using Microsoft.Extensions.DependencyInjection;
using Wharf.Daemon.Composition;
using Wharf.Daemon.Config;
using Wharf.Engine.Containers;
using Wharf.Engine.Images;
using Wharf.Testing.Daemon;

namespace Wharf.Daemon.Tests.Composition;

/// <summary>The composed engine across a daemon restart: disposing the services leaves containers running, the next start finds them.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LiveRestoreTests
{
    [RootFact]
    public async Task Containers_outlive_the_composed_engine_and_are_restored_by_the_next()
    {
        using var dir = new TempDirectory();
        var options = DaemonConfigResolver.Resolve(
            new DaemonFlags { DataRoot = dir.Combine("data"), ExecRoot = dir.Combine("exec") }, DaemonFileSettings.Empty, dir.Combine("daemon.json")).Options;
        var pid = 0;
        ContainerId? id = null;
        try
        {
            await using (var first = await StartAsync(options))
            {
                await using (var rootfs = File.OpenRead(await BusyboxRootfs.GetAsync()))
                    await first.GetRequiredService<IImageService>().ImportAsync(rootfs, new ImageImportRequest("busybox", null, [], null, null), CancellationToken.None);
                var containers = first.GetRequiredService<IContainerService>();
                id = (await containers.CreateAsync(new ContainerCreateSpec
                {
                    Image = "busybox",
                    Config = new RunConfig { Cmd = ["sleep", "100"] },
                    Host = new HostSettings { NetworkMode = "none" },
                }, CancellationToken.None)).Id;
                await containers.StartAsync(id.Value.Value, CancellationToken.None);
                pid = (await containers.InspectAsync(id.Value.Value, false, CancellationToken.None)).Container.State.Pid;
            }
            Assert.True(Directory.Exists($"/proc/{pid}"), "the container must keep running when the daemon stops");

            await using var second = await StartAsync(options);
            var restored = second.GetRequiredService<IContainerService>();
            var state = (await restored.InspectAsync(id.Value.Value, false, CancellationToken.None)).Container.State;
            Assert.Equal(ContainerStatus.Running, state.Status);
            Assert.Equal(pid, state.Pid);
            await restored.RemoveAsync(id.Value.Value, new RemoveRequest(Force: true), CancellationToken.None);
            Assert.Empty(await restored.ListAsync(new ContainerListRequest { All = true }, CancellationToken.None));
            for (var i = 0; i < 50 && Directory.Exists($"/proc/{pid}"); i++) await Task.Delay(100);
            Assert.False(Directory.Exists($"/proc/{pid}"));
        }
        finally
        {
            // Whatever a failure left: the container's processes, runc's record, its cgroups, the rootfs mount.
            if (id is { } leftover)
            {
                await ProcessRunner.RunAsync("runc", ["--root", Path.Combine(options.ExecRoot, "runc"), "delete", "--force", leftover.Value]);
                foreach (var cg in Directory.EnumerateDirectories("/sys/fs/cgroup").Select(c => Path.Combine(c, "wharf", leftover.Value)).Where(Directory.Exists))
                {
                    try { Directory.Delete(cg); } catch (IOException) { }
                }
            }
            foreach (var mount in File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(dir.Path + "/", StringComparison.Ordinal)))
                await ProcessRunner.RunAsync("umount", ["-l", mount]);
        }
    }

    static async Task<ServiceProvider> StartAsync(DaemonOptions options)
    {
        Directory.CreateDirectory(options.DataRoot); // as the daemon host does before composing
        var services = new ServiceCollection().AddLogging();
        EngineServices.Add(services, options);
        var provider = services.BuildServiceProvider();
        foreach (var task in provider.GetServices<StartupTask>()) await task.RunAsync(provider, CancellationToken.None);
        return provider;
    }
}
