using System.Text.Json;
using Wharf.Api.Containers;
using Wharf.Engine.Containers;
using Wharf.Engine.Volumes;
using Wharf.Server.Http;
using Wharf.Server.Mapping;
using Wharf.Server.Tests.ContainerEndpoints;

namespace Wharf.Server.Tests.Volumes;

/// <summary>The volume parts of container create and inspect mapping.</summary>
public sealed class VolumeContainerMappingTests
{
    [Fact]
    public void Mount_volume_options_reach_the_engine()
    {
        var spec = ContainerCreateMapping.ToMountSpec(new Mount
        {
            Type = "volume",
            Source = "v",
            Target = "/m",
            ReadOnly = true,
            VolumeOptions = new VolumeOptions
            {
                NoCopy = true,
                Labels = new() { ["a"] = "b" },
                DriverConfig = new MountDriverConfig { Name = "local", Options = new() { ["type"] = "tmpfs" } },
            },
        });
        Assert.Equal(("volume", "v", "/m", true, true, "local"), (spec.Type, spec.Source, spec.Target, spec.ReadOnly, spec.NoCopy, spec.VolumeDriver));
        Assert.Equal("b", spec.VolumeLabels!["a"]);
        Assert.Equal("tmpfs", spec.VolumeDriverOptions!["type"]);
    }

    [Fact]
    public void Inspect_lists_volume_mounts_after_the_spec_mounts_and_shows_volumes_from()
    {
        var record = FakeContainerService.Record();
        record = record with
        {
            Spec = record.Spec with
            {
                Host = new HostSettings
                {
                    VolumesFrom = ["other:ro"],
                    Mounts =
                    [
                        new MountSpec { Type = "tmpfs", Target = "/t" },
                        new MountSpec { Type = "volume", Source = "v", Target = "/v" },
                    ],
                },
            },
        };
        var inspect = ContainerViewMapping.ToInspect(new ContainerInspectView
        {
            Container = record,
            Path = "sh",
            Args = [],
            ResolvConfPath = "",
            HostnamePath = "",
            HostsPath = "",
            GraphDriverData = new Dictionary<string, string>(),
            ExecIds = [],
            Mounts = [new ContainerMount { Destination = "/v", Type = "volume", Name = "v", Source = "/var/lib/docker/volumes/v/_data", Driver = "local" }],
        });
        Assert.Equal([("tmpfs", "/t"), ("volume", "/v")], inspect.Mounts.Select(m => (m.Type, m.Destination)));
        Assert.Equal("""{"Type":"volume","Name":"v","Source":"/var/lib/docker/volumes/v/_data","Destination":"/v","Driver":"local","Mode":"","RW":true,"Propagation":""}""",
            JsonSerializer.Serialize(inspect.Mounts[1], WireJson.Context.MountPoint));
        Assert.Equal(["other:ro"], inspect.HostConfig.VolumesFrom!);
    }
}
