using Wharf.Engine.Containers;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Bundles;

public sealed class ProcessSpecTests : IDisposable
{
    readonly BundleHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public async Task Args_are_the_images_cmd_when_the_request_gives_none()
    {
        var spec = await h.WriteAsync(new RunConfig());
        Assert.Equal(["sh"], spec.At("process.args").Strings());
    }

    [Fact]
    public async Task Args_are_entrypoint_then_cmd_and_the_request_overrides_the_image()
    {
        var image = BundleHarness.BusyboxImage(new RunConfig { Entrypoint = ["/entry.sh"], Cmd = ["serve"] });
        var spec = await h.WriteAsync(h.Request(new RunConfig { Cmd = ["run", "--fast"] }, image: image));
        Assert.Equal(["/entry.sh", "run", "--fast"], spec.At("process.args").Strings());

        spec = await h.WriteAsync(h.Request(new RunConfig(), image: image));
        Assert.Equal(["/entry.sh", "serve"], spec.At("process.args").Strings());
    }

    [Fact]
    public async Task A_request_entrypoint_drops_the_images_cmd()
    {
        var image = BundleHarness.BusyboxImage(new RunConfig { Entrypoint = ["/entry.sh"], Cmd = ["serve"] });
        var spec = await h.WriteAsync(h.Request(new RunConfig { Entrypoint = ["/bin/echo"] }, image: image));
        Assert.Equal(["/bin/echo"], spec.At("process.args").Strings());
    }

    [Fact]
    public async Task An_empty_entrypoint_clears_the_images_entrypoint()
    {
        var image = BundleHarness.BusyboxImage(new RunConfig { Entrypoint = ["/entry.sh"], Cmd = ["serve"] });
        var spec = await h.WriteAsync(h.Request(new RunConfig { Entrypoint = [""], Cmd = ["ls", "/"] }, image: image));
        Assert.Equal(["ls", "/"], spec.At("process.args").Strings());
    }

    [Fact]
    public async Task No_command_at_all_is_invalid()
    {
        var image = BundleHarness.BusyboxImage(new RunConfig { Entrypoint = ["/entry.sh"] });
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            h.Builder().WriteBundleAsync(h.Request(new RunConfig { Entrypoint = [""] }, image: image), CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("No command specified", e.Message);
    }

    [Fact]
    public async Task Env_starts_with_path_and_hostname_and_the_request_overrides_the_image()
    {
        var image = BundleHarness.BusyboxImage(new RunConfig { Env = ["PATH=/opt/bin", "A=image", "B=image"], Cmd = ["sh"] });
        var spec = await h.WriteAsync(h.Request(new RunConfig { Env = ["B=request", "C=request"] }, image: image));
        Assert.Equal(["PATH=/opt/bin", "HOSTNAME=0123456789ab", "B=request", "C=request", "A=image"], spec.At("process.env").Strings());
    }

    [Fact]
    public async Task Tty_sets_terminal_term_and_console_size()
    {
        var spec = await h.WriteAsync(new RunConfig { Tty = true }, new HostSettings { ConsoleSize = (40, 120) });
        Assert.True(spec.At("process.terminal").GetBoolean());
        Assert.Contains("TERM=xterm", spec.At("process.env").Strings());
        Assert.Equal(40, spec.At("process.consoleSize.height").GetInt32());
        Assert.Equal(120, spec.At("process.consoleSize.width").GetInt32());

        spec = await h.WriteAsync(new RunConfig(), new HostSettings { ConsoleSize = (40, 120) });
        Assert.False(spec.At("process.terminal").GetBoolean());
        Assert.DoesNotContain("TERM=xterm", spec.At("process.env").Strings());
        Assert.False(spec.Has("process.consoleSize"));
    }

    [Fact]
    public async Task Cwd_is_the_working_dir_or_root()
    {
        Assert.Equal("/", (await h.WriteAsync()).At("process.cwd").GetString());
        Assert.Equal("/srv", (await h.WriteAsync(new RunConfig { WorkingDir = "/srv" })).At("process.cwd").GetString());
        var image = BundleHarness.BusyboxImage(new RunConfig { WorkingDir = "/app", Cmd = ["sh"] });
        Assert.Equal("/app", (await h.WriteAsync(h.Request(new RunConfig(), image: image))).At("process.cwd").GetString());
    }

    [Fact]
    public async Task A_relative_working_dir_is_invalid()
    {
        var e = await h.FailAsync(new RunConfig { WorkingDir = "srv" });
        Assert.Equal("the working directory 'srv' is invalid, it needs to be an absolute path", e.Message);
    }

    [Fact]
    public async Task Hostname_is_the_short_id_or_the_configured_one_with_the_domain()
    {
        var spec = await h.WriteAsync();
        Assert.Equal("0123456789ab", spec.GetProperty("hostname").GetString());
        Assert.False(spec.Has("domainname"));

        spec = await h.WriteAsync(new RunConfig { Hostname = "web", Domainname = "example.org" });
        Assert.Equal("web", spec.GetProperty("hostname").GetString());
        Assert.Equal("example.org", spec.GetProperty("domainname").GetString());
        Assert.Contains("HOSTNAME=web", spec.At("process.env").Strings());
    }

    [Fact]
    public async Task Init_mounts_the_init_binary_and_prefixes_the_args()
    {
        var spec = await h.WriteAsync(new RunConfig { Cmd = ["sleep", "1"] }, new HostSettings { Init = true });
        Assert.Equal(["/sbin/docker-init", "--", "sleep", "1"], spec.At("process.args").Strings());
        var init = spec.Mount("/sbin/docker-init");
        Assert.Equal("bind", init.GetProperty("type").GetString());
        Assert.Equal("/usr/bin/tini-static", init.GetProperty("source").GetString());
        Assert.Equal(["bind", "ro"], init.GetProperty("options").Strings());
    }

    [Fact]
    public async Task Init_is_skipped_in_the_hosts_pid_namespace()
    {
        var spec = await h.WriteAsync(new RunConfig { Cmd = ["sleep", "1"] }, new HostSettings { Init = true, PidMode = "host" });
        Assert.Equal(["sleep", "1"], spec.At("process.args").Strings());
        Assert.DoesNotContain("/sbin/docker-init", spec.MountDestinations());
    }

    [Fact]
    public async Task Ulimits_become_rlimits()
    {
        var host = new HostSettings { Resources = new ResourceLimits { Ulimits = [new Ulimit("nofile", 1024, 2048), new Ulimit("nproc", 64, 64)] } };
        var spec = await h.WriteAsync(host: host);
        var rl = spec.At("process.rlimits").EnumerateArray().ToList();
        Assert.Equal("RLIMIT_NOFILE", rl[0].GetProperty("type").GetString());
        Assert.Equal(1024UL, rl[0].GetProperty("soft").GetUInt64());
        Assert.Equal(2048UL, rl[0].GetProperty("hard").GetUInt64());
        Assert.Equal("RLIMIT_NPROC", rl[1].GetProperty("type").GetString());
        Assert.False((await h.WriteAsync()).Has("process.rlimits"));
    }

    [Fact]
    public async Task Bad_ulimits_are_invalid()
    {
        var e = await h.FailAsync(host: new HostSettings { Resources = new ResourceLimits { Ulimits = [new Ulimit("bogus", 1, 1)] } });
        Assert.Equal("invalid ulimit type: bogus", e.Message);
        e = await h.FailAsync(host: new HostSettings { Resources = new ResourceLimits { Ulimits = [new Ulimit("nofile", 10, 5)] } });
        Assert.Equal("ulimit soft limit must be less than or equal to hard limit: 10 > 5", e.Message);
    }

    [Fact]
    public async Task Oom_score_adj_and_cgroups_path_are_passed_through()
    {
        var spec = await h.WriteAsync(host: new HostSettings { OomScoreAdj = 500 });
        Assert.Equal(500, spec.At("process.oomScoreAdj").GetInt32());
        Assert.Equal("/wharf/" + BundleHarness.IdHex, spec.At("linux.cgroupsPath").GetString());
        Assert.Equal(h.Rootfs, spec.At("root.path").GetString());
    }

    [Fact]
    public async Task Oom_score_adj_out_of_range_is_invalid()
    {
        var e = await h.FailAsync(host: new HostSettings { OomScoreAdj = 1001 });
        Assert.Equal("Invalid value 1001, range for oom score adj is [-1000, 1000]", e.Message);
    }
}
