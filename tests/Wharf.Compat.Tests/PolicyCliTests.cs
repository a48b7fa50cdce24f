using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// Restart policies and health checks with the real CLI against a real wharfd: <c>--restart on-failure:2</c> and
/// <c>always</c>, and <c>--health-cmd</c> reaching healthy or unhealthy, as <c>ps</c> and <c>inspect</c> show them.
/// </summary>
public sealed class PolicyCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-policy-busybox:v1";
    readonly CliContainers _c = new(daemon);

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess) await _c.ImportAsync(Image);
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    [CompatFact]
    public async Task Restart_on_failure_2_restarts_exactly_twice()
    {
        var name = _c.Name("policy-on-failure");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, "--restart", "on-failure:2", Image, "sh", "-c", "echo run; exit 1"));

        await _c.WaitForInspectAsync(name, "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}", "exited 2 1", seconds: 20);
        // Let a third (wrong) restart have its chance: dockerd's back-off before it would be well under a second.
        await Task.Delay(1500);
        Assert.Equal("exited 2 1", await _c.InspectAsync(name, "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}"));
        Assert.Equal("run\nrun\nrun\n", Cli.Ok(await _c.RunAsync("logs", name)));
        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("ps", "-a", "--format", "{{.Names}}", "--filter", "exited=1", "--filter", $"name={name}")));
    }

    [CompatFact]
    public async Task Restart_on_failure_leaves_a_clean_exit_alone()
    {
        var name = _c.Name("policy-on-failure-clean");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, "--restart", "on-failure:2", Image, "true"));
        Assert.Equal("0\n", Cli.Ok(await _c.RunAsync("wait", name)));
        await Task.Delay(1000);
        Assert.Equal("exited 0 0", await _c.InspectAsync(name, "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}"));
    }

    [CompatFact]
    public async Task Restart_always_restarts_on_exit_and_stays_stopped_after_stop()
    {
        var name = _c.Name("policy-always");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, "--restart", "always", Image, "sh", "-c", "echo up; sleep 0.3; exit 0"));
        await CliContainers.WaitForAsync(async () => Int(await _c.InspectAsync(name, "{{.RestartCount}}")) >= 2,
            "always never restarted the container twice");

        var stop = await _c.RunAsync("stop", "-t", "1", name);
        Assert.Equal($"{name}\n", Cli.Ok(stop));
        var count = await _c.InspectAsync(name, "{{.RestartCount}}");
        Assert.Equal("exited", await _c.InspectAsync(name, "{{.State.Status}}"));
        await Task.Delay(2000);
        Assert.Equal($"exited {count}", await _c.InspectAsync(name, "{{.State.Status}} {{.RestartCount}}"));
        Assert.Equal("", Cli.Ok(await _c.RunAsync("ps", "-q", "--filter", $"name={name}")));

        // A manual start resets the count (as dockerd does) and brings the policy back to life.
        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("start", name)));
        Assert.True(Int(await _c.InspectAsync(name, "{{.RestartCount}}")) < Int(count), "a manual start resets RestartCount");
        await CliContainers.WaitForAsync(async () => Int(await _c.InspectAsync(name, "{{.RestartCount}}")) >= 1,
            "always did not restart after a manual start");
    }

    [CompatFact]
    public async Task Health_cmd_reaches_healthy_as_ps_and_inspect_show()
    {
        var name = _c.Name("policy-healthy");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, "--health-cmd", "test -e /tmp/ready", "--health-interval", "1s",
            "--health-retries", "2", Image, "sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 300"));

        await _c.WaitForInspectAsync(name, "{{.State.Health.Status}}", "healthy", seconds: 20);

        Assert.Equal("0", await _c.InspectAsync(name, "{{.State.Health.FailingStreak}}"));
        Assert.EndsWith(" 0", await _c.InspectAsync(name, "{{range .State.Health.Log}} {{.ExitCode}}{{end}}"), StringComparison.Ordinal);
        Assert.Equal("[\"CMD-SHELL\",\"test -e /tmp/ready\"]", await _c.InspectAsync(name, "{{json .Config.Healthcheck.Test}}"));
        Assert.Matches(@"^Up .* \(healthy\)\n$", Cli.Ok(await _c.RunAsync("ps", "--filter", $"name={name}", "--format", "{{.Status}}")));
        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("ps", "--format", "{{.Names}}", "--filter", "health=healthy", "--filter", $"name={name}")));
        Assert.Equal("", Cli.Ok(await _c.RunAsync("ps", "--format", "{{.Names}}", "--filter", "health=unhealthy", "--filter", $"name={name}")));
    }

    [CompatFact]
    public async Task Health_cmd_that_fails_reaches_unhealthy_as_ps_and_inspect_show()
    {
        var name = _c.Name("policy-unhealthy");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, "--health-cmd", "echo checked; exit 1", "--health-interval", "1s",
            "--health-retries", "2", Image, "sleep", "300"));
        Assert.Matches(@"\(health: starting\)", Cli.Ok(await _c.RunAsync("ps", "--filter", $"name={name}", "--format", "{{.Status}}")));

        await _c.WaitForInspectAsync(name, "{{.State.Health.Status}}", "unhealthy", seconds: 20);

        Assert.True(Int(await _c.InspectAsync(name, "{{.State.Health.FailingStreak}}")) >= 2);
        Assert.Equal("1 checked", await _c.InspectAsync(name, "{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{break}}{{end}}"));
        Assert.Matches(@"^Up .* \(unhealthy\)\n$", Cli.Ok(await _c.RunAsync("ps", "--filter", $"name={name}", "--format", "{{.Status}}")));
        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("ps", "--format", "{{.Names}}", "--filter", "health=unhealthy", "--filter", $"name={name}")));
        Assert.Equal("running", await _c.InspectAsync(name, "{{.State.Status}}"));
    }

    static int Int(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
