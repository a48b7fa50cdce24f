using System.Text;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Images;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Containers;

/// <summary>The real engine on the less travelled paths: TTY, init, seccomp, follow, signals, updates, health, diffs.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContainerEngineMoreTests
{
    static async Task<string> RunAsync(EngineHarness h, IReadOnlyList<string> cmd, HostSettings? host = null, Func<RunConfig, RunConfig>? config = null)
    {
        var id = await h.CreateAsync(cmd, host, config);
        var attach = await h.Containers.AttachAsync(id.Value, EngineHarness.Timeout());
        await using var streams = attach.Streams;
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var output = await EngineHarness.ReadAllAsync(streams);
        Assert.Equal(0, await h.WaitExitAsync(id));
        return output;
    }

    [RootFact]
    public async Task A_tty_container_gets_a_terminal()
    {
        await using var h = await EngineHarness.StartAsync();
        var output = await RunAsync(h, ["sh", "-c", "tty; echo done"], config: c => c with { Tty = true });
        Assert.Equal("/dev/pts/0\r\ndone\r\n", output);
    }

    [RootFact]
    public async Task Init_runs_as_pid_one_and_seccomp_filters_by_default()
    {
        await using var h = await EngineHarness.StartAsync();
        var output = await RunAsync(h, ["sh", "-c", "cat /proc/1/comm; grep '^Seccomp:' /proc/self/status"], new HostSettings { Init = true });
        Assert.Equal("docker-init\nSeccomp:\t2\n", output);
        var unconfined = await RunAsync(h, ["sh", "-c", "grep '^Seccomp:' /proc/self/status"], new HostSettings { SecurityOpt = ["seccomp=unconfined"] });
        Assert.Equal("Seccomp:\t0\n", unconfined);
    }

    [RootFact]
    public async Task Logs_follow_a_running_container_until_it_exits()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "echo first; sleep 1; echo second"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var entries = await h.LogsAsync(id, new LogRequest { Follow = true });
        Assert.Equal("first\nsecond\n", string.Concat(entries.Select(e => Encoding.UTF8.GetString(e.Data.Span))));
    }

    [RootFact]
    public async Task Kill_delivers_the_signal()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "trap 'exit 42' USR1; while true; do sleep 0.1; done"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        await Task.Delay(300);
        await h.Containers.KillAsync(id.Value, "USR1", EngineHarness.Timeout());
        Assert.Equal(42, await h.WaitExitAsync(id));
    }

    [RootFact]
    public async Task Update_changes_the_memory_limit_of_a_running_container()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "100"], new HostSettings { Resources = new ResourceLimits { Memory = 64L << 20 } });
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        await h.Containers.UpdateAsync(id.Value, new ContainerUpdate(new ResourceLimits { Memory = 32L << 20, MemorySwap = 64L << 20 }), EngineHarness.Timeout());
        var limit = File.Exists("/sys/fs/cgroup/cgroup.controllers")
            ? $"/sys/fs/cgroup/wharf/{id}/memory.max"
            : $"/sys/fs/cgroup/memory/wharf/{id}/memory.limit_in_bytes";
        Assert.Equal((32L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(limit).Trim());
        Assert.Equal(32L << 20, (await h.InspectAsync(id)).Spec.Host.Resources.Memory);
    }

    [RootFact]
    public async Task A_health_check_runs_in_the_container()
    {
        await using var h = await EngineHarness.StartAsync();
        var second = 1_000_000_000L;
        var id = await h.CreateAsync(["sh", "-c", "touch /tmp/ok; sleep 100"], config: c => c with
        {
            Healthcheck = new HealthConfig { Test = ["CMD-SHELL", "test -e /tmp/ok"], Interval = second / 2, Timeout = 5 * second, Retries = 2 },
        });
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var healthy = await h.WaitForAsync(id, r => r.State.Health?.Status == HealthState.Healthy, seconds: 20);
        Assert.Equal(0, healthy.State.Health!.Log[^1].ExitCode);
        Assert.Equal(0, (await h.ExecAsync(id, "rm", "/tmp/ok")).ExitCode);
        await h.WaitForAsync(id, r => r.State.Health?.Status == HealthState.Unhealthy, seconds: 20);
    }

    [RootFact]
    public async Task Changes_list_what_the_container_wrote()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "echo x > /added; rm /bin/true"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        Assert.Equal(0, await h.WaitExitAsync(id));
        var changes = await h.Containers.ChangesAsync(id.Value, EngineHarness.Timeout());
        Assert.Contains(new FileChange("/added", FileChangeKind.Added), changes);
        Assert.Contains(new FileChange("/bin/true", FileChangeKind.Deleted), changes);
    }

    [RootFact]
    public async Task An_always_container_that_died_while_the_engine_was_down_is_restarted()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "sleep 1; exit 1"], new HostSettings { RestartPolicy = new RestartPolicy("always") });
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var firstPid = (await h.InspectAsync(id)).State.Pid;
        await h.CloseAsync();
        await Task.Delay(2000);
        await h.OpenAsync();
        var restarted = await h.WaitForAsync(id, r => r.State.Status == ContainerStatus.Running && r.State.Pid != firstPid, seconds: 20);
        Assert.True(EngineHarness.ProcessAlive(restarted.State.Pid));
    }
}
