using Wharf.Daemon.Config;

namespace Wharf.Daemon.Tests.Config;

public sealed class DaemonConfigFileTests
{
    const string Path = "/etc/wharf/daemon.json";

    static DaemonStartupException Fails(string json) =>
        Assert.Throws<DaemonStartupException>(() => DaemonConfigFile.Parse(json, Path));

    [Fact]
    public void Reads_every_honoured_key()
    {
        var settings = DaemonConfigFile.Parse("""
            {
              "hosts": ["unix:///run/a.sock"], "data-root": "/srv/wharf", "exec-root": "/run/w", "pidfile": "/run/w.pid",
              "debug": true, "log-level": "warn", "log-format": "json", "group": "staff", "labels": ["a=b"],
              "storage-driver": "overlay2", "default-runtime": "crun",
              "runtimes": {"crun": {"path": "/usr/bin/crun", "runtimeArgs": ["--debug"]}},
              "insecure-registries": ["127.0.0.1:5000"], "seccomp-profile": "/etc/wharf/seccomp.json", "init-path": "/usr/bin/catatonit"
            }
            """, Path);
        Assert.Equal(["unix:///run/a.sock"], settings.Hosts);
        Assert.Equal("/srv/wharf", settings.DataRoot);
        Assert.Equal("/run/w", settings.ExecRoot);
        Assert.Equal("/run/w.pid", settings.Pidfile);
        Assert.True(settings.Debug);
        Assert.Equal("warn", settings.LogLevel);
        Assert.Equal("json", settings.LogFormat);
        Assert.Equal("staff", settings.Group);
        Assert.Equal(["a=b"], settings.Labels);
        Assert.Equal("overlay2", settings.StorageDriver);
        Assert.Equal("crun", settings.DefaultRuntime);
        var crun = Assert.Single(settings.Runtimes!);
        Assert.Equal("/usr/bin/crun", crun.Value.Path);
        Assert.Equal(["--debug"], crun.Value.Args);
        Assert.Equal(["127.0.0.1:5000"], settings.InsecureRegistries);
        Assert.Equal("/etc/wharf/seccomp.json", settings.SeccompProfile);
        Assert.Equal("/usr/bin/catatonit", settings.InitPath);
        Assert.Empty(settings.UnhonouredKeys);
    }

    [Fact]
    public void Unknown_keys_are_listed_in_dockerds_error()
    {
        var e = Fails("""{"debug": true, "frobnicate": 1, "data_root": "/x"}""");
        Assert.Equal(
            $"unable to configure the Wharf daemon with file {Path}: the following directives don't match any configuration option: frobnicate, data_root",
            e.Message);
    }

    [Fact]
    public void Docker_keys_wharf_does_not_honour_are_accepted_and_reported()
    {
        var settings = DaemonConfigFile.Parse("""
            {"live-restore": true, "log-driver": "json-file", "log-opts": {"max-size": "10m"}, "bip": "172.30.0.1/16",
             "default-address-pools": [{"base": "10.10.0.0/16", "size": 24}], "dns": ["1.1.1.1"], "mtu": 1400,
             "iptables": false, "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}},
             "features": {"buildkit": true}, "experimental": false}
            """, Path);
        Assert.Equal(
            ["live-restore", "log-driver", "log-opts", "dns", "iptables", "default-ulimits", "features", "experimental"],
            settings.UnhonouredKeys);
    }

    [Theory]
    [InlineData("""{"debug": "yes"}""", "json: cannot unmarshal string into Go struct field Config.debug of type bool")]
    [InlineData("""{"hosts": "unix:///a"}""", "json: cannot unmarshal string into Go struct field Config.hosts of type []string")]
    [InlineData("""{"data-root": 5}""", "json: cannot unmarshal number into Go struct field Config.data-root of type string")]
    [InlineData("""{"labels": [1]}""", "json: cannot unmarshal number into Go struct field Config.labels of type string")]
    [InlineData("""{"runtimes": {"crun": {}}}""", "runtime crun: a path is required")]
    [InlineData("""[1, 2]""", "json: cannot unmarshal array into Go value of type map[string]interface {}")]
    public void Wrong_types_are_errors(string json, string reason)
    {
        Assert.Equal($"unable to configure the Wharf daemon with file {Path}: {reason}", Fails(json).Message);
    }

    [Fact]
    public void Malformed_json_is_an_error_naming_the_file()
    {
        Assert.StartsWith($"unable to configure the Wharf daemon with file {Path}: ", Fails("""{"debug": true,""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("{}")]
    public void Empty_files_mean_no_settings(string json)
    {
        Assert.Equal(DaemonFileSettings.Empty with { UnhonouredKeys = [] }, DaemonConfigFile.Parse(json, Path) with { UnhonouredKeys = [] });
    }

    [Fact]
    public void A_missing_default_file_is_fine_but_a_missing_explicit_one_is_not()
    {
        using var dir = new TempDirectory();
        var absent = dir.Combine("daemon.json");
        Assert.Same(DaemonFileSettings.Empty, DaemonConfigFile.Load(absent, explicitlyGiven: false));
        var e = Assert.Throws<DaemonStartupException>(() => DaemonConfigFile.Load(absent, explicitlyGiven: true));
        Assert.Equal($"unable to configure the Wharf daemon with file {absent}: open {absent}: no such file or directory", e.Message);
    }

    [Fact]
    public void Load_reads_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteFile("daemon.json", """{"group": "docker"}""");
        Assert.Equal("docker", DaemonConfigFile.Load(path, explicitlyGiven: true).Group);
    }
}
