using Wharf.Testing;
using System.Globalization;
using System.Runtime.Versioning;
using Wharf.Integration.Tests.Containers;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Daemon;

/// <summary>
/// Live restore end to end: a real wharfd process driven by the real docker CLI is stopped (SIGTERM, or <c>kill -9</c>)
/// with containers running and started again. Running containers keep their process and answer logs, exec, attach,
/// stop and kill; the one that exited meanwhile shows its real exit code; the <c>always</c> one is restarted; each
/// container is listed once; and removing them all leaves no mount, conmon or cgroup.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LiveRestoreTests
{
    const string Image = "lr:1";
    static readonly string[] Names = ["lr-always", "lr-attach", "lr-exits", "lr-logger", "lr-sleep"];

    [DockerCliFact]
    public Task Containers_live_through_a_SIGTERM_restart_of_wharfd() => LiveRestoreAsync(kill: false);

    [DockerCliFact]
    public Task Containers_live_through_kill_9_of_wharfd() => LiveRestoreAsync(kill: true);

    static async Task LiveRestoreAsync(bool kill)
    {
        await using var daemon = new WharfdFixture();
        using var docker = new DockerCli(daemon.SocketPath);
        var ids = new List<string>();
        try
        {
            await daemon.StartAsync();
            await Busybox.ImportAsync(daemon.Client, "lr", "1", "CMD [\"sh\"]");
            async Task Run(params string[] args) => ids.Add(Cli.Ok(await docker.RunAsync(["run", "-d", .. args])));
            await Run("--name", "lr-sleep", Image, "sleep", "300");
            await Run("--name", "lr-logger", Image, "sh", "-c", "i=0; while :; do i=$((i+1)); echo tick$i; sleep 0.2; done");
            await Run("--name", "lr-exits", Image, "sh", "-c", "sleep 3; exit 7");
            await Run("--name", "lr-always", "--restart", "always", Image, "sh", "-c", "sleep 3; exit 1");
            // Waits for a file that the test makes once an attach after the restart is in place.
            await Run("--name", "lr-attach", Image, "sh", "-c", "while [ ! -e /go ]; do sleep 0.1; done; echo bye; exit 3");
            var pids = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var name in Names) pids[name] = await PidAsync(docker, name);
            var ticksBefore = await WaitForTicksAsync(docker, 3);

            if (kill)
            {
                await daemon.KillAsync();
            }
            else
            {
                await daemon.StopAsync();
                Assert.True(daemon.LastExitCode == 0, daemon.Output);
            }

            foreach (var name in (string[])["lr-sleep", "lr-logger", "lr-attach"])
                Assert.True(EngineHarness.ProcessAlive(pids[name]), $"{name} must outlive the daemon");
            // The two short ones end while no daemon runs.
            await Poll.UntilAsync(() => !EngineHarness.ProcessAlive(pids["lr-exits"]) && !EngineHarness.ProcessAlive(pids["lr-always"]),
                "lr-exits and lr-always should have exited on their own");
            await daemon.StartAsync();

            foreach (var name in (string[])["lr-sleep", "lr-logger", "lr-attach"])
                Assert.Equal($"running {pids[name]}", Cli.Ok(await docker.RunAsync("inspect", "-f", "{{.State.Status}} {{.State.Pid}}", name)));
            await Poll.UntilAsync(async () => Cli.Ok(await docker.RunAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "lr-exits")) == "exited 7",
                "lr-exits should show its real exit code");
            await Poll.UntilAsync(async () => Cli.Ok(await docker.RunAsync("inspect", "-f", "{{.State.Status}} {{.RestartCount}}", "lr-always")).StartsWith("running ", StringComparison.Ordinal)
                                     && Cli.Ok(await docker.RunAsync("inspect", "-f", "{{.RestartCount}}", "lr-always")) != "0",
                "lr-always should have been restarted");
            Assert.NotEqual(pids["lr-always"], await PidAsync(docker, "lr-always"));
            Assert.Equal(Names, Cli.Lines(Cli.Ok(await docker.RunAsync("ps", "-a", "--format", "{{.Names}}"))).Order(StringComparer.Ordinal));

            // logs: the ticks written while the daemon was down are there, and new ones keep coming.
            var ticksAfterRestart = await WaitForTicksAsync(docker, ticksBefore + 3);
            var logs = Cli.Lines(Cli.Ok(await docker.RunAsync("logs", "lr-logger")));
            Assert.Equal(Enumerable.Range(1, logs.Length).Select(i => $"tick{i}"), logs);
            Assert.True(ticksAfterRestart > ticksBefore);

            Assert.Equal("alive", Cli.Ok(await docker.RunAsync("exec", "lr-sleep", "echo", "alive")));
            var attachedSince = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var attachTask = docker.RunAsync("attach", "--no-stdin", "lr-attach");
            await Poll.UntilAsync(async () => Cli.Ok(await docker.RunAsync("events", "--since", attachedSince,
                    "--until", (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture),
                    "--filter", "container=lr-attach", "--filter", "event=attach", "--format", "{{.Action}}")) == "attach",
                "docker attach never reached the daemon");
            Cli.Ok(await docker.RunAsync("exec", "lr-attach", "touch", "/go"));
            var attach = await attachTask;
            Assert.True(attach.ExitCode == 3 && attach.Stdout == "bye\n", attach.ToString());

            Assert.Equal("lr-sleep", Cli.Ok(await docker.RunAsync("stop", "-t", "1", "lr-sleep")));
            Assert.Equal("exited 137", Cli.Ok(await docker.RunAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "lr-sleep")));
            Assert.False(EngineHarness.ProcessAlive(pids["lr-sleep"]));
            Assert.Equal("lr-logger", Cli.Ok(await docker.RunAsync("kill", "lr-logger")));
            Assert.Equal("137", Cli.Ok(await docker.RunAsync("wait", "lr-logger")));
            Assert.False(EngineHarness.ProcessAlive(pids["lr-logger"]));

            Assert.Equal(Names.Length, Cli.Lines(Cli.Ok(await docker.RunAsync(["rm", "-f", .. Names]))).Length);
            Assert.Equal("", Cli.Ok(await docker.RunAsync("ps", "-a", "-q")));
            await HostLeaks.AssertNoneAsync(daemon, ids);
        }
        finally
        {
            await HostLeaks.CleanUpAsync(daemon, docker, ids);
        }
    }

    static async Task<int> PidAsync(DockerCli docker, string name)
        => int.Parse(Cli.Ok(await docker.RunAsync("inspect", "-f", "{{.State.Pid}}", name)), CultureInfo.InvariantCulture);

    /// <summary>Waits until lr-logger has logged at least <paramref name="count"/> ticks; returns how many it has.</summary>
    static async Task<int> WaitForTicksAsync(DockerCli docker, int count)
    {
        var seen = 0;
        await Poll.UntilAsync(async () => (seen = Cli.Lines((await docker.RunAsync("logs", "lr-logger")).Stdout).Length) >= count,
            $"lr-logger should log {count} ticks");
        return seen;
    }
}
