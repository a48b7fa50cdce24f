using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wharf.Api;
using Wharf.Api.Containers;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Server.Http;
using Wharf.Server.Mapping;
using RestartPolicy = Wharf.Engine.Containers.RestartPolicy;

namespace Wharf.Server.Tests.Containers;

/// <summary>The create body -> ContainerCreateSpec: CLI 28 bodies, Docker's defaults, dockerd's refusals and version quirks.</summary>
public sealed class ContainerCreateMappingTests
{
    static ContainerCreateRequest Parse(string json) => JsonSerializer.Deserialize(json, WireJson.Context.ContainerCreateRequest)!;

    static ContainerCreateSpec Map(string json, string? name = null) => ContainerCreateMapping.ToSpec(Parse(json), name, ApiVersion.Current);

    static string Invalid(Func<object> act)
    {
        var e = Assert.Throws<EngineException>(act);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        return e.Message;
    }

    static ContainerCreateSpec MapHost(string hostConfigJson, ApiVersion? version = null) =>
        ContainerCreateMapping.ToSpec(Parse("""{"Image":"busybox","HostConfig":""" + hostConfigJson + "}"), null, version ?? ApiVersion.Current);

    [Fact]
    public void The_cli28_run_rm_body_maps_with_dockerd_defaults()
    {
        var spec = Map(GoldenContainers.Cli28RunRmBody);
        Assert.Null(spec.Name);
        Assert.Equal("busybox", spec.Image);
        Assert.Equal(["echo", "hi"], spec.Config.Cmd);
        Assert.True(spec.Config.AttachStdout);
        Assert.Null(spec.Config.Env);
        Assert.Null(spec.Config.Entrypoint);
        Assert.Null(spec.Config.Volumes);
        Assert.Null(spec.Config.WorkingDir);
        Assert.Equal("1", spec.Config.Labels!["gtcap"]);
        var host = spec.Host;
        Assert.Equal("default", host.NetworkMode); // kept as sent, as dockerd shows it
        Assert.True(host.AutoRemove);
        Assert.Equal(RestartPolicy.No, host.RestartPolicy);
        Assert.Null(host.ConsoleSize);
        Assert.Null(host.Resources.MemorySwappiness);
        Assert.Null(host.Resources.PidsLimit);
        Assert.Empty(host.Binds);
        Assert.Empty(host.CapAdd);
        Assert.Equal("", host.Log.Type);
        // The endpoint keyed "default" (with GwPriority and DNSNames, unknown at 1.41) belongs to the bridge.
        var endpoint = Assert.Single(spec.Networks);
        Assert.Equal("bridge", endpoint.Key);
        Assert.Empty(endpoint.Value.Aliases);
        Assert.Null(endpoint.Value.IPv4Address);
    }

    [Fact]
    public void The_cli28_body_with_many_flags_keeps_every_option()
    {
        var spec = Map(GoldenContainers.Cli28FullBody, "gtcap-full");
        Assert.Equal("gtcap-full", spec.Name);
        var c = spec.Config;
        Assert.Equal("gthost", c.Hostname);
        Assert.Equal("65534:65534", c.User);
        Assert.Equal(["A=1", "B=two"], c.Env);
        Assert.Equal(["sh"], c.Entrypoint);
        Assert.Equal(["-c", "id; hostname; pwd; echo $A $B"], c.Cmd);
        Assert.Equal("/tmp", c.WorkingDir);
        Assert.Equal(["CMD-SHELL", "true"], c.Healthcheck!.Test);
        Assert.Equal(5_000_000_000, c.Healthcheck.Interval);
        Assert.Equal("SIGINT", c.StopSignal);
        Assert.Equal(4, c.StopTimeout);
        var h = spec.Host;
        // CAP_ prefixes stay as sent: the bundle builder normalises.
        Assert.Equal(["CAP_NET_ADMIN"], h.CapAdd);
        Assert.Equal(["CAP_MKNOD"], h.CapDrop);
        Assert.Equal(["10.9.9.9"], h.Dns);
        Assert.Equal(["extra.example:10.1.2.3"], h.ExtraHosts);
        Assert.True(h.ReadonlyRootfs);
        Assert.Equal(["no-new-privileges"], h.SecurityOpt);
        Assert.Equal("size=1m", h.Tmpfs["/scratch"]);
        Assert.Equal(8388608, h.ShmSize);
        Assert.Equal(33554432, h.Resources.Memory);
        Assert.Equal(500000000, h.Resources.NanoCpus);
        Assert.Equal(50, h.Resources.PidsLimit);
        Assert.Equal([new Wharf.Engine.Containers.Ulimit("nofile", 1024, 2048)], h.Resources.Ulimits);
        Assert.True(h.Init);
        Assert.Equal("1m", h.Log.Options["max-size"]);
    }

    [Fact]
    public void Mounts_map_bind_tmpfs_and_pass_volumes_through()
    {
        var spec = Map(GoldenContainers.Cli28MountsBody);
        Assert.Equal(2, spec.Host.Mounts.Count);
        Assert.Equal(new MountSpec { Type = "volume", Source = "gtcap-vol", Target = "/m" }, spec.Host.Mounts[0]);
        Assert.Equal(new MountSpec { Type = "tmpfs", Target = "/t" }, spec.Host.Mounts[1]);

        var bind = MapHost("""{"Mounts":[{"Type":"bind","Source":"/srv","Target":"/b","ReadOnly":true,"BindOptions":{"Propagation":"rshared"}},{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1048576,"Mode":1023}}]}""");
        Assert.Equal(new MountSpec { Type = "bind", Source = "/srv", Target = "/b", ReadOnly = true, Propagation = "rshared" }, bind.Host.Mounts[0]);
        Assert.Equal(new MountSpec { Type = "tmpfs", Target = "/t", TmpfsSize = 1048576, TmpfsMode = 1023 }, bind.Host.Mounts[1]);
    }

    [Theory]
    [InlineData("""{"Type":"bind","Target":"/b"}""", "invalid mount config for type \"bind\": field Source must not be empty")]
    [InlineData("""{"Type":"tmpfs","Source":"/x","Target":"/t"}""", "invalid mount config for type \"tmpfs\": field Source must not be specified")]
    [InlineData("""{"Type":"volume","Source":"v"}""", "invalid mount config for type \"volume\": field Target must not be empty")]
    [InlineData("""{"Type":"bind","Source":"/srv","Target":"rel"}""", "invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute")]
    [InlineData("""{"Type":"npipe","Source":"x","Target":"/p"}""", "invalid mount config for type \"npipe\": mount type unknown")]
    [InlineData("""{"Type":"bind","Source":"/srv","Target":"/b","TmpfsOptions":{}}""", "invalid mount config for type \"bind\": field TmpfsOptions must not be specified")]
    public void Bad_mounts_are_refused_with_dockerd_text(string mount, string message) =>
        Assert.Equal(message, Invalid(() => MapHost("""{"Mounts":[""" + mount + "]}")));

    [Theory]
    [InlineData("""{"Name":"sometimes"}""", "invalid restart policy 'sometimes'")]
    [InlineData("""{"Name":"on-failure","MaximumRetryCount":-1}""", "maximum retry count cannot be negative")]
    [InlineData("""{"Name":"always","MaximumRetryCount":3}""", "maximum retry count cannot be used with restart policy 'always'")]
    public void Bad_restart_policies_are_refused_with_dockerd_text(string policy, string message) =>
        Assert.Equal(message, Invalid(() => MapHost("""{"RestartPolicy":""" + policy + "}")));

    [Theory]
    [InlineData("""{"Name":""}""", "no", 0)]
    [InlineData("""{"Name":"no"}""", "no", 0)]
    [InlineData("""{"Name":"unless-stopped"}""", "unless-stopped", 0)]
    [InlineData("""{"Name":"on-failure","MaximumRetryCount":3}""", "on-failure", 3)]
    public void Restart_policies_map(string policy, string name, int retries) =>
        Assert.Equal(new RestartPolicy(name, retries), MapHost("""{"RestartPolicy":""" + policy + "}").Host.RestartPolicy);

    [Fact]
    public void Auto_remove_with_a_restart_policy_is_refused() =>
        Assert.Equal("can't create 'AutoRemove' container with restart policy",
            Invalid(() => MapHost("""{"AutoRemove":true,"RestartPolicy":{"Name":"always"}}""")));

    [Theory]
    [InlineData("""{"Memory":1024}""", "Minimum memory limit allowed is 6MB")]
    [InlineData("""{"Memory":67108864,"MemorySwap":33554432}""", "Minimum memoryswap limit should be larger than memory limit, see usage")]
    [InlineData("""{"MemorySwap":33554432}""", "You should always set the Memory limit when using Memoryswap limit, see usage")]
    [InlineData("""{"MemorySwappiness":101}""", "Invalid value: 101, valid memory swappiness range is 0-100")]
    [InlineData("""{"NanoCpus":500000000,"CpuQuota":50000}""", "Conflicting options: Nano CPUs and CPU Quota cannot both be set")]
    [InlineData("""{"NanoCpus":500000000,"CpuPeriod":100000}""", "Conflicting options: Nano CPUs and CPU Period cannot both be set")]
    [InlineData("""{"ShmSize":-1}""", "SHM size can not be less than 0")]
    [InlineData("""{"OomScoreAdj":1001}""", "Invalid value 1001, range for oom score adj is [-1000, 1000]")]
    [InlineData("""{"DeviceRequests":[{"Driver":"","Count":-1,"Capabilities":[["gpu"]]}]}""", "could not select device driver \"\" with capabilities: [[gpu]]")]
    public void Bad_resources_are_refused_with_dockerd_text(string hostConfig, string message) =>
        Assert.Equal(message, Invalid(() => MapHost(hostConfig)));

    [Fact]
    public void Resources_devices_console_size_and_modes_map()
    {
        var h = MapHost("""{"NetworkMode":"none","MemorySwappiness":10,"PidsLimit":-1,"CpuShares":512,"CpusetCpus":"0-1","OomKillDisable":true,"ConsoleSize":[30,100],"IpcMode":"host","PidMode":"host","UTSMode":"host","Sysctls":{"net.ipv4.ip_forward":"1"},"GroupAdd":["audio"],"Devices":[{"PathOnHost":"/dev/fuse","PathInContainer":"","CgroupPermissions":""}],"Runtime":"","Privileged":true}""").Host;
        Assert.Equal("none", h.NetworkMode);
        Assert.Equal(10, h.Resources.MemorySwappiness);
        Assert.Null(h.Resources.PidsLimit);
        Assert.Equal(512, h.Resources.CpuShares);
        Assert.Equal("0-1", h.Resources.CpusetCpus);
        Assert.True(h.Resources.OomKillDisable);
        Assert.Equal(((ushort)30, (ushort)100), h.ConsoleSize);
        Assert.Equal(("host", "host", "host"), (h.IpcMode, h.PidMode, h.UtsMode));
        Assert.Equal("1", h.Sysctls["net.ipv4.ip_forward"]);
        Assert.Equal(["audio"], h.GroupAdd);
        Assert.Equal([new Wharf.Engine.Containers.DeviceMapping("/dev/fuse", "/dev/fuse", "rwm")], h.Resources.Devices);
        Assert.Null(h.Runtime);
        Assert.True(h.Privileged);
    }

    [Fact]
    public void The_default_endpoint_key_follows_the_network_mode_and_named_keys_stay()
    {
        var spec = Map("""{"Image":"busybox","HostConfig":{"NetworkMode":"none"},"NetworkingConfig":{"EndpointsConfig":{"default":{"Aliases":["a"]},"net2":{"IPAMConfig":{"IPv4Address":"10.0.0.5"}}}}}""");
        Assert.Equal(["a"], spec.Networks["none"].Aliases);
        Assert.Equal("10.0.0.5", spec.Networks["net2"].IPv4Address);
    }

    [Fact]
    public void Null_empty_list_and_empty_object_all_mean_empty()
    {
        var a = Map("""{"Image":"busybox","Env":null,"Cmd":null,"ExposedPorts":null,"Labels":null,"HostConfig":{"Binds":null,"Dns":null,"Tmpfs":null,"Ulimits":null}}""");
        var b = Map("""{"Image":"busybox","Env":[],"Cmd":[],"ExposedPorts":{},"Labels":{},"HostConfig":{"Binds":[],"Dns":[],"Tmpfs":{},"Ulimits":[]}}""");
        var c = Map("""{"Image":"busybox"}""");
        foreach (var spec in new[] { a, b, c })
        {
            Assert.Null(spec.Config.Env);
            Assert.Null(spec.Config.Cmd);
            Assert.Null(spec.Config.ExposedPorts);
            Assert.Null(spec.Config.Labels);
            Assert.Empty(spec.Host.Binds);
            Assert.Empty(spec.Host.Dns);
            Assert.Empty(spec.Host.Tmpfs);
            Assert.Empty(spec.Host.Resources.Ulimits);
            Assert.Equal("default", spec.Host.NetworkMode);
        }
    }

    [Fact]
    public void Older_api_versions_get_dockerd_quirks()
    {
        var v124 = MapHost("""{"AutoRemove":true}""", new ApiVersion(1, 24)).Host;
        Assert.False(v124.AutoRemove);
        Assert.Equal("shareable", v124.IpcMode);
        var v140 = MapHost("""{"AutoRemove":true}""", new ApiVersion(1, 40)).Host;
        Assert.True(v140.AutoRemove);
        Assert.Equal("", v140.IpcMode);
    }

    static HttpRequest Request(string body, string? contentType, string query = "")
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        http.Request.ContentType = contentType;
        http.Request.QueryString = new QueryString(query);
        return http.Request;
    }

    [Fact]
    public async Task The_request_reader_takes_the_name_query_and_refuses_other_content_types()
    {
        var spec = await ContainerCreateMapping.ReadAsync(Request("""{"Image":"busybox"}""", "application/json", "?name=gtcap-c1"), CancellationToken.None);
        Assert.Equal("gtcap-c1", spec.Name);
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            ContainerCreateMapping.ReadAsync(Request("""{"Image":"busybox"}""", "text/plain"), CancellationToken.None));
        Assert.Equal("Content-Type specified (text/plain) must be 'application/json'", e.Message);
        var empty = await Assert.ThrowsAsync<EngineException>(() =>
            ContainerCreateMapping.ReadAsync(Request("", "application/json"), CancellationToken.None));
        Assert.Equal("config cannot be empty in order to create a container", empty.Message);
    }
}
