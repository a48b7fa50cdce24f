using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Bundles;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Bundles;

public sealed class ExecProcessTests : IDisposable
{
    readonly BundleHarness h = new();

    public void Dispose() => h.Dispose();

    async Task<System.Text.Json.JsonElement> Exec(ExecProcessRequest request)
    {
        var path = Path.Combine(h.Root, "exec.json");
        await h.Builder().WriteExecProcessAsync(request, path, CancellationToken.None);
        return BundleHarness.ReadJson(path);
    }

    [Fact]
    public async Task Exec_runs_the_command_with_container_env_plus_its_own()
    {
        var container = h.Request(new RunConfig { Env = ["A=container", "B=container"], WorkingDir = "/srv", User = "alice" },
            new HostSettings { Resources = new ResourceLimits { Ulimits = [new Ulimit("nofile", 100, 200)] }, SecurityOpt = ["no-new-privileges"] });
        var p = await Exec(new ExecProcessRequest { Container = container, Cmd = ["ls", "-l"], Env = ["B=exec", "C=exec"] });
        Assert.Equal(["ls", "-l"], p.GetProperty("args").Strings());
        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=0123456789ab", "A=container", "B=exec", "C=exec"],
            p.GetProperty("env").Strings());
        Assert.Equal("/srv", p.GetProperty("cwd").GetString());
        Assert.Equal(1000u, p.At("user.uid").GetUInt32());
        Assert.False(p.GetProperty("terminal").GetBoolean());
        Assert.True(p.GetProperty("noNewPrivileges").GetBoolean());
        Assert.Equal("RLIMIT_NOFILE", p.GetProperty("rlimits").EnumerateArray().Single().GetProperty("type").GetString());
        Assert.Equal(14, p.At("capabilities.bounding").GetArrayLength());
        Assert.False(p.Has("apparmorProfile"));
    }

    [Fact]
    public async Task Exec_user_cwd_and_tty_override_the_containers()
    {
        var container = h.Request(new RunConfig { User = "alice", WorkingDir = "/srv" });
        var p = await Exec(new ExecProcessRequest { Container = container, Cmd = ["sh"], User = "www-data:staff", WorkingDir = "/tmp", Tty = true, ConsoleSize = (24, 80) });
        Assert.Equal(33u, p.At("user.uid").GetUInt32());
        Assert.Equal(50u, p.At("user.gid").GetUInt32());
        Assert.Equal("/tmp", p.GetProperty("cwd").GetString());
        Assert.True(p.GetProperty("terminal").GetBoolean());
        Assert.Contains("TERM=xterm", p.GetProperty("env").Strings());
        Assert.Equal(24, p.At("consoleSize.height").GetInt32());
    }

    [Fact]
    public async Task Privileged_exec_gets_all_capabilities()
    {
        var p = await Exec(new ExecProcessRequest { Container = h.Request(), Cmd = ["sh"], Privileged = true });
        Assert.Equal(Capabilities.All, p.At("capabilities.bounding").Strings());
        Assert.Equal(Capabilities.All, p.At("capabilities.effective").Strings());
    }

    [Fact]
    public async Task Exec_cwd_defaults_to_root()
    {
        Assert.Equal("/", (await Exec(new ExecProcessRequest { Container = h.Request(), Cmd = ["sh"] })).GetProperty("cwd").GetString());
    }

    [Fact]
    public async Task Exec_errors()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            h.Builder().WriteExecProcessAsync(new ExecProcessRequest { Container = h.Request(), Cmd = [] }, Path.Combine(h.Root, "x.json"), CancellationToken.None));
        Assert.Equal("No exec command specified", e.Message);
        e = await Assert.ThrowsAsync<EngineException>(() =>
            h.Builder().WriteExecProcessAsync(new ExecProcessRequest { Container = h.Request(), Cmd = ["sh"], User = "nobody" }, Path.Combine(h.Root, "x.json"), CancellationToken.None));
        Assert.Equal("unable to find user nobody: no matching entries in passwd file", e.Message);
    }
}
