using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Containers;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Images;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Tests.Containers;

/// <summary>
/// A container created from the CLI 28 run body, inspected: HostConfig defaults and Config fields as dockerd 20.10 shows
/// them for a container it made from the same kind of body (GT inspect of gtcap-c2).
/// </summary>
public sealed class ContainerInspectShapeTests
{
    static readonly string[] DockerdDefaults =
    [
        "LogConfig", "NetworkMode", "RestartPolicy", "Isolation", "MaskedPaths", "ReadonlyPaths", "BlkioWeightDevice",
        "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "Ulimits", "Devices",
        "CgroupnsMode", "IpcMode", "ShmSize", "Runtime", "ConsoleSize", "PidsLimit", "MemorySwappiness", "Dns", "DnsOptions",
        "DnsSearch", "CapAdd", "CapDrop", "ExtraHosts", "GroupAdd", "SecurityOpt", "Binds", "VolumesFrom", "Links", "PortBindings",
    ];

    [Fact]
    public void Host_config_defaults_match_dockerd()
    {
        var golden = JsonDocument.Parse(GoldenContainers.InspectRunning).RootElement;
        var ours = Inspect(privileged: false);
        foreach (var key in DockerdDefaults)
            Assert.True(golden.GetProperty("HostConfig").GetProperty(key).GetRawText() == ours.GetProperty("HostConfig").GetProperty(key).GetRawText(),
                $"HostConfig.{key}: dockerd {golden.GetProperty("HostConfig").GetProperty(key).GetRawText()}, ours {ours.GetProperty("HostConfig").GetProperty(key).GetRawText()}");
        Assert.Equal("""{"gtcap":"1"}""", ours.GetProperty("Config").GetProperty("Labels").GetRawText());
        Assert.Equal("overlay2", ours.GetProperty("GraphDriver").GetProperty("Name").GetString());
        Assert.Equal("linux", ours.GetProperty("Platform").GetString());
    }

    [Fact]
    public void A_privileged_container_has_no_masked_paths_and_no_labels_is_an_empty_object()
    {
        var ours = Inspect(privileged: true, labels: false);
        Assert.Equal(JsonValueKind.Null, ours.GetProperty("HostConfig").GetProperty("MaskedPaths").ValueKind);
        Assert.Equal(JsonValueKind.Null, ours.GetProperty("HostConfig").GetProperty("ReadonlyPaths").ValueKind);
        Assert.Equal("{}", ours.GetProperty("Config").GetProperty("Labels").GetRawText());
    }

    static JsonElement Inspect(bool privileged, bool labels = true)
    {
        var request = JsonSerializer.Deserialize(GoldenContainers.Cli28RunRmBody, WireJson.Context.ContainerCreateRequest)!;
        var spec = ContainerCreateMapping.ToSpec(request, "c", ApiVersion.Current);
        spec = spec with
        {
            Host = spec.Host with { Privileged = privileged, AutoRemove = false },
            Config = labels ? spec.Config : spec.Config with { Labels = null },
        };
        var record = new ContainerRecord
        {
            Id = ContainerId.Parse(new string('a', 64)),
            Name = "c",
            Created = DateTimeOffset.UnixEpoch,
            ImageId = Digest.Sha256(new string('b', 64)),
            ImageName = "busybox",
            Spec = spec,
            Paths = new ContainerPaths("/d/a", "/r/a", "/d/a/container.log"),
        };
        var view = new ContainerInspectView
        {
            Container = record,
            Path = "echo",
            Args = ["hi"],
            ResolvConfPath = "",
            HostnamePath = "",
            HostsPath = "",
            GraphDriverData = new Dictionary<string, string>(),
            ExecIds = [],
            MaskedPaths = privileged ? null : ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"],
            ReadonlyPaths = privileged ? null : ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
        };
        return JsonDocument.Parse(JsonSerializer.Serialize(ContainerViewMapping.ToInspect(view), WireJson.Context.ContainerInspect)).RootElement;
    }
}
