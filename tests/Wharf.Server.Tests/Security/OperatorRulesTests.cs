using System.Text.Json;
using Wharf.Api.Containers;
using Wharf.Api.Exec;
using Wharf.Api.Volumes;
using Wharf.Engine.Containers;
using HostConfig = Wharf.Api.Containers.HostConfig;
using Wharf.Server.Http;
using Wharf.Server.Security;
using Wharf.Testing;

namespace Wharf.Server.Tests.Security;

/// <summary>
/// What an operator's creates may not ask for. Bodies are parsed with the endpoints' own settings, so
/// <c>"privileged": true</c> counts as much as <c>"Privileged": true</c>. Bind paths live in a temp dir with real symlinks.
/// </summary>
public sealed class OperatorRulesTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly string _data;
    readonly OperatorRules _rules;

    public OperatorRulesTests()
    {
        _data = Path.Combine(_dir.Path, "srv", "data");
        Directory.CreateDirectory(Path.Combine(_data, "www"));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "secret"));
        File.CreateSymbolicLink(Path.Combine(_data, "escape"), "/etc");
        File.CreateSymbolicLink(Path.Combine(_data, "up"), "../..");
        File.CreateSymbolicLink(Path.Combine(_data, "inside"), "www");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "data-link"), Path.Combine(_data, "www"));
        File.CreateSymbolicLink(Path.Combine(_data, "loop"), "loop");
        _rules = new OperatorRules([_data]);
    }

    public void Dispose() => _dir.Dispose();

    string? Create(string hostConfigJson, string extra = "") =>
        _rules.ContainerCreate(JsonSerializer.Deserialize($$"""{"Image":"busybox"{{extra}},"HostConfig":{{hostConfigJson}}}""",
            WireJson.Context.ContainerCreateRequest)!)?.Rule;

    [Theory]
    [InlineData("""{"Privileged":true}""", "create a privileged container")]
    [InlineData("""{"privileged":true}""", "create a privileged container")]
    [InlineData("""{"NetworkMode":"host"}""", "create a container in the host's network namespace")]
    [InlineData("""{"NetworkMode":"HOST"}""", "create a container in the host's network namespace")]
    [InlineData("""{"PidMode":"host"}""", "create a container in the host's PID namespace")]
    [InlineData("""{"IpcMode":"host"}""", "create a container in the host's IPC namespace")]
    [InlineData("""{"UTSMode":"host"}""", "create a container in the host's UTS namespace")]
    [InlineData("""{"UsernsMode":"host"}""", "create a container in the host's user namespace")]
    [InlineData("""{"CgroupnsMode":"host"}""", "create a container in the host's cgroup namespace")]
    [InlineData("""{"CapAdd":["NET_ADMIN"]}""", "create a container with added capabilities (NET_ADMIN)")]
    [InlineData("""{"Devices":[{"PathOnHost":"/dev/sda","PathInContainer":"/dev/sda","CgroupPermissions":"rwm"}]}""", "create a container with host devices")]
    [InlineData("""{"DeviceRequests":[{"Driver":"nvidia","Count":-1}]}""", "create a container with host devices")]
    [InlineData("""{"DeviceCgroupRules":["c 1:3 mr"]}""", "create a container with host devices")]
    [InlineData("""{"SecurityOpt":["seccomp=unconfined"]}""", "create a container with its own seccomp profile (seccomp=unconfined)")]
    [InlineData("""{"Binds":["/:/host"]}""", "bind-mount / (operators may bind-mount only below DATA)")]
    [InlineData("""{"Binds":["/etc:/etc:ro"]}""", "bind-mount /etc (operators may bind-mount only below DATA)")]
    [InlineData("""{"Mounts":[{"Type":"bind","Source":"/var/run","Target":"/run"}]}""", "bind-mount /var/run (operators may bind-mount only below DATA)")]
    [InlineData("""{"Mounts":[{"Type":"volume","Target":"/x","VolumeOptions":{"DriverConfig":{"Name":"local","Options":{"type":"none","o":"bind","device":"/"}}}}]}""",
        "bind-mount / (operators may bind-mount only below DATA)")]
    [InlineData("""{"Mounts":[{"Type":"volume","Target":"/x","VolumeOptions":{"DriverConfig":{"Options":{"type":"ext4","device":"/dev/sda1"}}}}]}""",
        "create a volume that mounts a host device or filesystem (type=ext4, device=/dev/sda1)")]
    public void Refuses_what_gives_away_the_host(string hostConfig, string rule) =>
        Assert.Equal(rule.Replace("DATA", _data, StringComparison.Ordinal), Create(hostConfig));

    [Fact]
    public void Refuses_the_host_network_asked_for_through_the_endpoints() =>
        Assert.Equal("create a container in the host's network namespace", Create("{}", ""","NetworkingConfig":{"EndpointsConfig":{"host":{}}}"""));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"NetworkMode":"bridge","PidMode":"container:web","IpcMode":"private","CapDrop":["ALL"],"SecurityOpt":["no-new-privileges"]}""")]
    [InlineData("""{"Binds":["named:/data","/anonymous"],"Tmpfs":{"/tmp":""}}""")]
    [InlineData("""{"Mounts":[{"Type":"tmpfs","Target":"/tmp"},{"Type":"volume","Source":"v","Target":"/v"}]}""")]
    [InlineData("""{"Mounts":[{"Type":"volume","Target":"/t","VolumeOptions":{"DriverConfig":{"Options":{"type":"tmpfs","device":"tmpfs","o":"size=64m"}}}}]}""")]
    public void Allows_ordinary_containers(string hostConfig) => Assert.Null(Create(hostConfig));

    [Fact]
    public void Allows_no_host_config_at_all() =>
        Assert.Null(_rules.ContainerCreate(JsonSerializer.Deserialize("""{"Image":"busybox"}""", WireJson.Context.ContainerCreateRequest)!));

    [Theory]
    [InlineData("DATA:/d")]
    [InlineData("DATA/www:/www:ro")]
    [InlineData("DATA/not-yet/made:/m")]
    [InlineData("DATA/inside:/i")]
    [InlineData("DATA/./www/../www:/w")]
    [InlineData("ROOT/data-link:/l")]
    public void Allows_binds_that_resolve_inside_the_bind_paths(string bind) =>
        Assert.Null(Create($$$"""{"Binds":["{{{Expand(bind)}}}"]}"""));

    [Theory]
    [InlineData("DATA/../../etc:/x")]
    [InlineData("DATA/../data-sibling:/x")]
    [InlineData("DATA/www/../../secret:/x")]
    [InlineData("DATA/escape:/x")]
    [InlineData("DATA/escape/shadow:/x")]
    [InlineData("DATA/up:/x")]
    [InlineData("DATA/up/secret:/x")]
    [InlineData("DATA/not-yet/../../..:/x")]
    [InlineData("DATA/loop:/x")]
    [InlineData("DATAX:/x")]
    public void Refuses_binds_that_escape_by_dots_or_symlinks(string bind)
    {
        var source = Expand(bind)[..Expand(bind).LastIndexOf(':')];
        Assert.Equal($"bind-mount {source} (operators may bind-mount only below {_data})", Create($$$"""{"Binds":["{{{Expand(bind)}}}"]}"""));
        Assert.Equal($"bind-mount {source} (operators may bind-mount only below {_data})",
            Create($$$"""{"Mounts":[{"Type":"bind","Source":"{{{source}}}","Target":"/x"}]}"""));
    }

    [Fact]
    public void Without_bind_paths_no_bind_is_allowed() =>
        Assert.Equal("bind-mount /srv (operator-bind-paths is empty: operators may not bind-mount host paths)",
            new OperatorRules([]).ContainerCreate(new ContainerCreateRequest { HostConfig = new HostConfig { Binds = ["/srv:/srv"] } })?.Rule);

    [Fact]
    public void Existing_containers_are_judged_by_the_create_rules()
    {
        string? Judge(HostSettings host) => _rules.ExistingContainer("web", "exec in", host)?.Rule;
        Assert.Null(Judge(new HostSettings()));
        Assert.Null(Judge(new HostSettings { Binds = [$"{_data}/www:/www", "named:/n"], CapDrop = ["ALL"] }));
        Assert.Equal("exec in container web: it is privileged", Judge(new HostSettings { Privileged = true }));
        Assert.Equal("exec in container web: it shares the host's PID namespace", Judge(new HostSettings { PidMode = "host" }));
        Assert.Equal("exec in container web: it has added capabilities", Judge(new HostSettings { CapAdd = ["SYS_ADMIN"] }));
        Assert.Equal("exec in container web: it has host devices",
            Judge(new HostSettings { Resources = new ResourceLimits { Devices = [new Wharf.Engine.Containers.DeviceMapping("/dev/sda", "/dev/sda", "rwm")] } }));
        Assert.Equal("exec in container web: it bind-mounts /", Judge(new HostSettings { Binds = ["/:/host"] }));
        Assert.Equal($"exec in container web: it bind-mounts {_data}/escape",
            Judge(new HostSettings { Mounts = [new MountSpec { Type = "bind", Source = $"{_data}/escape", Target = "/e" }] }));
    }

    [Fact]
    public void Exec_may_not_be_privileged()
    {
        Assert.Equal("run a privileged exec", OperatorRules.ExecCreate(new ExecConfig { Cmd = ["sh"], Privileged = true })?.Rule);
        Assert.Null(OperatorRules.ExecCreate(new ExecConfig { Cmd = ["sh"], User = "root" }));
    }

    [Fact]
    public void Volumes_may_bind_only_inside_the_bind_paths_and_mount_no_devices()
    {
        AccessDenial? Volume(params (string Key, string Value)[] options) =>
            _rules.VolumeCreate(new VolumeCreateOptions { Name = "v", DriverOpts = options.ToDictionary(o => o.Key, o => o.Value) });
        Assert.Null(Volume());
        Assert.Null(Volume(("type", "tmpfs"), ("device", "tmpfs"), ("o", "size=100m,uid=1000")));
        Assert.Null(Volume(("type", "none"), ("o", "bind"), ("device", Path.Combine(_data, "www"))));
        Assert.Equal($"bind-mount /etc (operators may bind-mount only below {_data})", Volume(("type", "none"), ("o", "ro,bind"), ("device", "/etc"))?.Rule);
        Assert.Equal($"bind-mount {_data}/escape (operators may bind-mount only below {_data})",
            Volume(("type", "none"), ("o", "rbind"), ("device", $"{_data}/escape"))?.Rule);
        Assert.Equal("create a volume that mounts a host device or filesystem (type=nfs, device=:/export)",
            Volume(("type", "nfs"), ("o", "addr=10.0.0.1"), ("device", ":/export"))?.Rule);
    }

    string Expand(string text) => text.Replace("DATA", _data, StringComparison.Ordinal).Replace("ROOT", _dir.Path, StringComparison.Ordinal);
}
