using Wharf.Engine.Containers;
using Wharf.Engine.Volumes;

namespace Wharf.Engine.Tests.Volumes;

public sealed class VolumeSpecParserTests
{
    static VolumePlan Parse(HostSettings host, params string[] configVolumes) => VolumeSpecParser.Parse(host, configVolumes);

    [Fact]
    public void Named_binds_are_volumes_with_mode_z_and_copy_up()
    {
        var plan = Parse(new HostSettings { Binds = ["data:/data"] });
        var w = Assert.Single(plan.Volumes);
        Assert.Equal(("/data", "data", true, "z", true), (w.Destination, w.Name, w.ReadWrite, w.Mode, w.CopyUp));
    }

    [Theory]
    [InlineData("v:/d:ro", false, true)]
    [InlineData("v:/d:rw,nocopy", true, false)]
    [InlineData("v:/d:nocopy,ro,z", false, false)]
    public void Modes_set_read_only_and_nocopy(string bind, bool readWrite, bool copy)
    {
        var w = Assert.Single(Parse(new HostSettings { Binds = [bind] }).Volumes);
        Assert.Equal((readWrite, copy), (w.ReadWrite, w.CopyUp));
        Assert.Equal(bind.Split(':')[2], w.Mode);
    }

    [Theory]
    [InlineData("v:/d:rw,ro")]
    [InlineData("v:/d:shared")]
    [InlineData("v:/d:bogus")]
    public void Bad_modes_are_invalid(string bind)
    {
        var e = Assert.Throws<EngineException>(() => Parse(new HostSettings { Binds = [bind] }));
        Assert.Equal($"invalid mode: {bind.Split(':')[2]}", e.Message);
    }

    [Fact]
    public void A_bind_without_source_is_an_anonymous_volume_and_host_paths_are_not_volumes()
    {
        var plan = Parse(new HostSettings { Binds = ["/anon", "/host:/h"] });
        var w = Assert.Single(plan.Volumes);
        Assert.Equal("/anon", w.Destination);
        Assert.Null(w.Name);
        Assert.Contains("/h", plan.OtherDestinations);
    }

    [Fact]
    public void Relative_destinations_are_dockerds_error()
    {
        var e = Assert.Throws<EngineException>(() => Parse(new HostSettings { Binds = ["v:data"] }));
        Assert.Equal("invalid volume specification: 'v:data': invalid mount config for type \"volume\": invalid mount path: 'data' mount path must be absolute", e.Message);
    }

    [Fact]
    public void Mounts_of_type_volume_carry_options_and_an_empty_source_is_anonymous()
    {
        var plan = Parse(new HostSettings
        {
            Mounts =
            [
                new MountSpec { Type = "volume", Source = "v", Target = "/m", ReadOnly = true, NoCopy = true, VolumeLabels = new Dictionary<string, string> { ["a"] = "b" } },
                new MountSpec { Type = "volume", Target = "/anon/" },
            ],
        });
        Assert.Equal(2, plan.Volumes.Count);
        var named = plan.Volumes[0];
        Assert.Equal(("v", false, false, ""), (named.Name, named.ReadWrite, named.CopyUp, named.Mode));
        Assert.Equal("b", named.Labels!["a"]);
        Assert.Null(plan.Volumes[1].Name);
        Assert.Equal("/anon", plan.Volumes[1].Destination);
    }

    [Fact]
    public void Config_volumes_yield_to_binds_mounts_and_tmpfs()
    {
        var plan = Parse(new HostSettings
        {
            Binds = ["/host:/a", "named:/b"],
            Mounts = [new MountSpec { Type = "bind", Source = "/x", Target = "/c" }],
            Tmpfs = new Dictionary<string, string> { ["/d"] = "" },
        }, "/a", "/b", "/c", "/d", "/e");
        Assert.Equal(["/b", "/e"], plan.Volumes.Select(v => v.Destination));
        Assert.Equal("named", plan.Volumes[0].Name);
        Assert.Null(plan.Volumes[1].Name);
    }

    [Fact]
    public void The_same_destination_twice_is_a_duplicate_mount_point()
    {
        var e = Assert.Throws<EngineException>(() => Parse(new HostSettings
        {
            Binds = ["v:/data"],
            Mounts = [new MountSpec { Type = "volume", Source = "w", Target = "/data" }],
        }));
        Assert.Equal("Duplicate mount point: /data", e.Message);
    }

    [Theory]
    [InlineData("web", "web", null)]
    [InlineData("web:ro", "web", false)]
    [InlineData("web:rw", "web", true)]
    public void Volumes_from_takes_an_optional_mode(string spec, string container, bool? readWrite) =>
        Assert.Equal((container, readWrite), VolumeSpecParser.ParseVolumesFrom(spec));

    [Fact]
    public void Volumes_from_refuses_other_modes() =>
        Assert.Equal("invalid mode: z", Assert.Throws<EngineException>(() => VolumeSpecParser.ParseVolumesFrom("web:z")).Message);

    [Fact]
    public void Host_binds_are_what_volumes_from_inherits()
    {
        var binds = VolumeSpecParser.HostBinds(new HostSettings
        {
            Binds = ["/src:/dst:ro,rshared", "named:/v", "/anon"],
            Mounts = [new MountSpec { Type = "bind", Source = "/m", Target = "/mt" }],
        }).ToList();
        Assert.Equal(2, binds.Count);
        Assert.Equal(("/dst", "/src", false, "rshared"), (binds[0].Destination, binds[0].Source, binds[0].ReadWrite, binds[0].Propagation));
        Assert.Equal(("/mt", "rprivate", true), (binds[1].Destination, binds[1].Propagation, binds[1].ReadWrite));
    }
}
