using System.Net;
using Wharf.Engine.Images;
using Wharf.Server.Mapping;

namespace Wharf.Server.Tests;

public sealed class SystemEndpointsTests : IAsyncLifetime
{
    TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/version")]
    [InlineData("/v1.41/version")]
    [InlineData("/v1.24/version")]
    public async Task Version_has_dockerd_shape_with_Wharf_names(string url)
    {
        var (response, body) = await _app.GetAsync(url);
        Wire.AssertStandardHeaders(response);
        // GT 001's shape; Experimental stays out of the top level as in dockerd.
        Wire.AssertJson(response, body, 200,
            """{"Platform":{"Name":"Wharf Engine"},"Components":[{"Name":"Engine","Version":"0.1.0","Details":{"ApiVersion":"1.41","Arch":"amd64","BuildTime":"2026-05-07T21:09:36.000000000+00:00","Experimental":"false","GitCommit":"5d6db84","GoVersion":".NET 10.0.0","KernelVersion":"6.18.44-fc-v782","MinAPIVersion":"1.24","Os":"linux"}},{"Name":"runc","Version":"1.1.5+ds1","Details":{"GitCommit":"1.1.5+ds1-1+deb12u1"}}],"Version":"0.1.0","ApiVersion":"1.41","MinAPIVersion":"1.24","GitCommit":"5d6db84","GoVersion":".NET 10.0.0","Os":"linux","Arch":"amd64","KernelVersion":"6.18.44-fc-v782","BuildTime":"2026-05-07T21:09:36.000000000+00:00"}""");
    }

    [Theory]
    [InlineData("x86_64", "amd64")]
    [InlineData("aarch64", "arm64")]
    [InlineData("armv7l", "arm")]
    [InlineData("i686", "386")]
    [InlineData("amd64", "amd64")]
    [InlineData("s390x", "s390x")]
    public void Architectures_use_go_names(string machine, string go) => Assert.Equal(go, SystemMapping.GoArch(machine));

    [Fact]
    public async Task Info_matches_dockerd_where_the_facts_agree()
    {
        var (response, body) = await _app.GetAsync("/v1.41/info");
        Wire.AssertStandardHeaders(response);
        // GT 002, with Wharf's truths: its plugins, no kernel-memory or bridge-nf support reported, one runtime, no containerd.
        Wire.AssertJson(response, body, 200,
            """{"ID":"KTZ3:FBFF:7ZLJ:DQCH:H4X3:7GQD:LN4M:7QSV:4RIR:AHUC:QLF3:KP2D","Containers":0,"ContainersRunning":0,"ContainersPaused":0,"ContainersStopped":0,"Images":1,"Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"],["Supports d_type","true"],["Native Overlay Diff","true"],["userxattr","false"]],"Plugins":{"Volume":["local"],"Network":["bridge","host","null"],"Authorization":null,"Log":["k8s-file"]},"MemoryLimit":true,"SwapLimit":true,"KernelMemory":false,"KernelMemoryTCP":false,"CpuCfsPeriod":true,"CpuCfsQuota":true,"CPUShares":true,"CPUSet":true,"PidsLimit":true,"IPv4Forwarding":true,"BridgeNfIptables":false,"BridgeNfIp6tables":false,"Debug":false,"NFd":30,"OomKillDisable":true,"NGoroutines":40,"SystemTime":"2026-11-30T02:50:26.1709078Z","LoggingDriver":"k8s-file","CgroupDriver":"cgroupfs","CgroupVersion":"1","NEventsListener":0,"KernelVersion":"6.18.44-fc-v782","OperatingSystem":"Debian GNU/Linux 12 (bookworm)","OSVersion":"12","OSType":"linux","Architecture":"x86_64","IndexServerAddress":"https://index.docker.io/v1/","RegistryConfig":{"AllowNondistributableArtifactsCIDRs":[],"AllowNondistributableArtifactsHostnames":[],"InsecureRegistryCIDRs":["127.0.0.0/8"],"IndexConfigs":{"docker.io":{"Name":"docker.io","Mirrors":[],"Secure":true,"Official":true}},"Mirrors":[]},"NCPU":2,"MemTotal":25276026880,"GenericResources":null,"DockerRootDir":"/var/lib/wharf","HttpProxy":"","HttpsProxy":"","NoProxy":"","Name":"vm","Labels":[],"ExperimentalBuild":false,"ServerVersion":"0.1.0","Runtimes":{"runc":{"path":"runc"}},"DefaultRuntime":"runc","Swarm":{"NodeID":"","NodeAddr":"","LocalNodeState":"inactive","ControlAvailable":false,"Error":"","RemoteManagers":null},"LiveRestoreEnabled":false,"Isolation":"","InitBinary":"","ContainerdCommit":{"ID":"","Expected":""},"RuncCommit":{"ID":"","Expected":""},"InitCommit":{"ID":"","Expected":""},"SecurityOptions":["name=seccomp,profile=default"],"Warnings":null}""");
    }

    [Fact]
    public async Task Info_lists_warnings_when_there_are_some()
    {
        _app.System.OnInfo = () => Samples.Info with { Warnings = ["WARNING: No swap limit support"] };
        var (_, body) = await _app.GetAsync("/info");
        Assert.EndsWith("\"Warnings\":[\"WARNING: No swap limit support\"]}\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disk_usage_reports_images_and_empty_other_parts()
    {
        _app.Images.OnDiskUsage = () => new ImageDiskUsage(5952323,
        [
            new ImageUsage(Samples.Tagged with { RepoTags = ["busybox:latest"] }, 1984241, 2),
            new ImageUsage(Samples.Dangling, 0, 0),
        ]);
        var (response, body) = await _app.GetAsync("/v1.41/system/df");
        Wire.AssertJson(response, body, 200,
            """{"LayersSize":5952323,"Images":[{"Containers":2,"Created":1796007191,"Id":"sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020","Labels":null,"ParentId":"","RepoDigests":null,"RepoTags":["busybox:latest"],"SharedSize":1984241,"Size":1984241,"VirtualSize":1984241},{"Containers":0,"Created":1796006763,"Id":"sha256:ca1d94a73a4378f30da1fa8338b754269da2912308e0d1676f4b8982dfc55837","Labels":null,"ParentId":"","RepoDigests":["<none>@<none>"],"RepoTags":["<none>:<none>"],"SharedSize":0,"Size":1982333,"VirtualSize":1982333}],"Containers":[],"Volumes":[],"BuildCache":[],"BuilderSize":0}""");
    }

    [Fact]
    public async Task Head_on_a_get_route_is_page_not_found_as_in_dockerd()
    {
        var (response, _) = await _app.SendAsync(HttpMethod.Head, "/version");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
