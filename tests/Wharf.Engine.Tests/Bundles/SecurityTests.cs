using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Bundles;

namespace Wharf.Engine.Tests.Bundles;

public sealed class SecurityTests : IDisposable
{
    readonly BundleHarness h = new();

    public void Dispose() => h.Dispose();

    static readonly string[] DefaultCaps =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    async Task<string[]> CapsOf(HostSettings host)
    {
        var caps = (await h.WriteAsync(host: host)).At("process.capabilities");
        Assert.Equal(caps.GetProperty("bounding").Strings(), caps.GetProperty("effective").Strings());
        Assert.Equal(caps.GetProperty("bounding").Strings(), caps.GetProperty("permitted").Strings());
        Assert.False(caps.Has("inheritable"));
        return caps.GetProperty("bounding").Strings();
    }

    [Fact]
    public async Task Default_capabilities_are_dockers()
    {
        Assert.Equal(DefaultCaps, await CapsOf(new HostSettings()));
    }

    [Fact]
    public async Task Cap_add_and_drop_accept_either_spelling()
    {
        var caps = await CapsOf(new HostSettings { CapAdd = ["net_admin", "CAP_SYS_PTRACE"], CapDrop = ["mknod", "CAP_NET_RAW"] });
        Assert.Equal([.. DefaultCaps.Where(c => c is not ("CAP_MKNOD" or "CAP_NET_RAW")), "CAP_NET_ADMIN", "CAP_SYS_PTRACE"], caps);
    }

    [Fact]
    public async Task Cap_add_all_and_drop_all()
    {
        var all = await CapsOf(new HostSettings { CapAdd = ["ALL"], CapDrop = ["SYS_ADMIN"] });
        Assert.Equal(Capabilities.All.Count - 1, all.Length);
        Assert.DoesNotContain("CAP_SYS_ADMIN", all);
        Assert.Equal(["CAP_CHOWN"], await CapsOf(new HostSettings { CapAdd = ["chown"], CapDrop = ["all"] }));
    }

    [Fact]
    public async Task Unknown_capability_is_invalid()
    {
        var e = await h.FailAsync(host: new HostSettings { CapAdd = ["CAP_BOGUS"] });
        Assert.Equal("unknown capability: \"CAP_BOGUS\"", e.Message);
    }

    [Fact]
    public async Task Default_masked_and_readonly_paths_and_namespaces()
    {
        var spec = await h.WriteAsync();
        Assert.Equal(["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"],
            spec.At("linux.maskedPaths").Strings());
        Assert.Equal(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"], spec.At("linux.readonlyPaths").Strings());
        Assert.Equal(["mount", "network", "uts", "pid", "ipc"], spec.At("linux.namespaces").EnumerateArray().Select(n => n.GetProperty("type").GetString()!).ToArray());
    }

    [Fact]
    public async Task Host_modes_drop_their_namespaces_and_cgroup_v2_adds_one()
    {
        var spec = await h.WriteAsync(host: new HostSettings { NetworkMode = "host", PidMode = "host", UtsMode = "host" });
        Assert.Equal(["mount", "ipc"], spec.At("linux.namespaces").EnumerateArray().Select(n => n.GetProperty("type").GetString()!).ToArray());
        Assert.False(spec.Has("hostname"));

        h.Options = h.Options with { CgroupV2 = true };
        spec = await h.WriteAsync();
        Assert.Equal("cgroup", spec.At("linux.namespaces").EnumerateArray().Last().GetProperty("type").GetString());
    }

    [Fact]
    public async Task Invalid_and_unsupported_namespace_modes()
    {
        Assert.Equal("invalid IPC mode: bogus", (await h.FailAsync(host: new HostSettings { IpcMode = "bogus" })).Message);
        Assert.Equal("invalid PID mode: private", (await h.FailAsync(host: new HostSettings { PidMode = "private" })).Message);
        Assert.Equal(ErrorKind.NotImplemented, (await h.FailAsync(host: new HostSettings { IpcMode = "container:abc" })).Kind);
    }

    [Fact]
    public async Task Privileged_gets_everything()
    {
        var spec = await h.WriteAsync(host: new HostSettings { Privileged = true, CapDrop = ["ALL"] });
        Assert.Equal(Capabilities.All, spec.At("process.capabilities.bounding").Strings());
        Assert.False(spec.Has("linux.maskedPaths"));
        Assert.False(spec.Has("linux.readonlyPaths"));
        Assert.False(spec.Has("linux.seccomp"));
        Assert.DoesNotContain("ro", spec.Mount("/sys").GetProperty("options").Strings());
        Assert.DoesNotContain("ro", spec.Mount("/sys/fs/cgroup").GetProperty("options").Strings());
        var rule = Assert.Single(spec.At("linux.resources.devices").EnumerateArray());
        Assert.True(rule.GetProperty("allow").GetBoolean());
        Assert.Equal(["/dev/fuse", "/dev/sda"], spec.At("linux.devices").EnumerateArray().Select(d => d.GetProperty("path").GetString()!).Order().ToArray());
    }

    [Fact]
    public async Task All_capabilities_means_those_the_daemon_itself_holds()
    {
        var status = Path.Combine(h.Root, "status");
        File.WriteAllText(status, "Name:\twharfd\nCapInh:\t0000000000000000\nCapBnd:\t000001fffeffffff\n");
        h.Options = h.Options with { AvailableCapabilities = Capabilities.ReadBoundingSet(status) };
        var caps = await CapsOf(new HostSettings { Privileged = true });
        Assert.Equal(Capabilities.All.Count - 1, caps.Length);
        Assert.DoesNotContain("CAP_SYS_RESOURCE", caps);
        Assert.DoesNotContain("CAP_SYS_RESOURCE", await CapsOf(new HostSettings { CapAdd = ["ALL"] }));
        Assert.Equal(Capabilities.All, Capabilities.ReadBoundingSet(Path.Combine(h.Root, "no-such-status")));
    }

    [Theory]
    [InlineData("no-new-privileges", true)]
    [InlineData("no-new-privileges:true", true)]
    [InlineData("no-new-privileges=false", false)]
    [InlineData("label=disable", false)]
    public async Task No_new_privileges(string opt, bool expected)
    {
        var spec = await h.WriteAsync(host: new HostSettings { SecurityOpt = [opt] });
        Assert.Equal(expected, spec.At("process.noNewPrivileges").GetBoolean());
    }

    [Theory]
    [InlineData("bogus", "invalid --security-opt 1: \"bogus\"")]
    [InlineData("foo=bar", "invalid --security-opt 2: \"foo=bar\"")]
    [InlineData("no-new-privileges=maybe", "invalid --security-opt 2: \"no-new-privileges=maybe\"")]
    public async Task Bad_security_opts(string opt, string message)
    {
        Assert.Equal(message, (await h.FailAsync(host: new HostSettings { SecurityOpt = [opt] })).Message);
    }

    [Fact]
    public async Task Seccomp_default_unconfined_and_inline()
    {
        var spec = await h.WriteAsync();
        Assert.Equal("SCMP_ACT_ERRNO", spec.At("linux.seccomp.defaultAction").GetString());

        spec = await h.WriteAsync(host: new HostSettings { SecurityOpt = ["seccomp=unconfined"] });
        Assert.False(spec.Has("linux.seccomp"));

        spec = await h.WriteAsync(host: new HostSettings { SecurityOpt = ["""seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["reboot"],"action":"SCMP_ACT_ERRNO"}]}"""] });
        Assert.Equal("SCMP_ACT_ALLOW", spec.At("linux.seccomp.defaultAction").GetString());
        Assert.Equal(["reboot"], spec.At("linux.seccomp.syscalls").EnumerateArray().Single().GetProperty("names").Strings());

        var e = await h.FailAsync(host: new HostSettings { SecurityOpt = ["seccomp={not json"] });
        Assert.StartsWith("Decoding seccomp profile failed: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_default_profile_is_reported_not_ignored()
    {
        h.Options = h.Options with { SeccompProfilePath = Path.Combine(h.Root, "missing.json") };
        var e = await h.FailAsync();
        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Contains("golang-github-containers-common", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sysctls_are_passed_and_validated()
    {
        var spec = await h.WriteAsync(host: new HostSettings { Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1", ["kernel.shmmax"] = "1000" } });
        Assert.Equal("1", spec.At("linux.sysctl").GetProperty("net.ipv4.ip_forward").GetString());

        var e = await h.FailAsync(host: new HostSettings { NetworkMode = "host", Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" } });
        Assert.Equal("sysctl \"net.ipv4.ip_forward\" not allowed in host network namespace", e.Message);
        e = await h.FailAsync(host: new HostSettings { Sysctls = new Dictionary<string, string> { ["vm.swappiness"] = "1" } });
        Assert.Equal("sysctl \"vm.swappiness\" is not in a separate kernel namespace", e.Message);
        e = await h.FailAsync(host: new HostSettings { IpcMode = "host", Sysctls = new Dictionary<string, string> { ["kernel.msgmax"] = "1" } });
        Assert.Equal("sysctl \"kernel.msgmax\" not allowed in host ipc namespace", e.Message);
    }
}
