using Microsoft.Extensions.Logging;
using Wharf.Daemon.Config;
using static Wharf.Daemon.Tests.Config.ConfigResolution;

namespace Wharf.Daemon.Tests.Config;

public sealed class DaemonConfigResolverTests
{
    [Fact]
    public void Defaults_match_the_architecture()
    {
        var options = Configure().Options;
        Assert.Equal([new UnixHostAddress("/var/run/wharf.sock")], options.Hosts);
        Assert.Equal("/var/lib/wharf", options.DataRoot);
        Assert.Equal("/run/wharf", options.ExecRoot);
        Assert.Equal("/var/run/wharfd.pid", options.Pidfile);
        Assert.Equal("wharf", options.Group);
        Assert.False(options.Debug);
        Assert.Equal(LogLevel.Information, options.LogLevel);
        Assert.Equal(LogFormat.Text, options.LogFormat);
        Assert.Equal("runc", options.DefaultRuntime);
        Assert.Equal(["runc"], options.Runtimes.Keys);
        Assert.Equal("/var/lib/wharf/wharf.db", options.DatabasePath);
    }

    [Fact]
    public void File_values_apply_when_no_flag_is_given()
    {
        var options = Configure(file: new DaemonFileSettings
        {
            Hosts = ["unix:///run/x.sock"], DataRoot = "/srv/w", Debug = true, Group = "docker", Labels = ["env=test"],
            InsecureRegistries = ["127.0.0.1:5000"],
        }).Options;
        Assert.Equal([new UnixHostAddress("/run/x.sock")], options.Hosts);
        Assert.Equal("/srv/w", options.DataRoot);
        Assert.True(options.Debug);
        Assert.Equal("docker", options.Group);
        Assert.Equal(["env=test"], options.Labels);
        Assert.Equal(["127.0.0.1:5000"], options.InsecureRegistries);
    }

    [Fact]
    public void Flags_apply_over_defaults_and_duplicate_hosts_collapse()
    {
        var options = Configure(new DaemonFlags { Hosts = ["unix:///a.sock", "unix:///a.sock", "unix:///b.sock"], ExecRoot = "/e", LogLevel = "error" }).Options;
        Assert.Equal([new UnixHostAddress("/a.sock"), new UnixHostAddress("/b.sock")], options.Hosts);
        Assert.Equal("/e", options.ExecRoot);
        Assert.Equal(LogLevel.Error, options.LogLevel);
    }

    [Fact]
    public void Debug_forces_the_debug_level()
    {
        Assert.Equal(LogLevel.Debug, Configure(new DaemonFlags { Debug = true, LogLevel = "error" }).Options.LogLevel);
    }

    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("fatal", LogLevel.Critical)]
    public void Log_levels_map_to_dotnet_levels(string name, LogLevel level)
    {
        Assert.Equal(level, Configure(file: new DaemonFileSettings { LogLevel = name }).Options.LogLevel);
    }

    [Fact]
    public void An_invalid_level_in_the_file_is_dockerds_error()
    {
        Assert.Equal("unable to parse logging level: loud", Fails(file: new DaemonFileSettings { LogLevel = "loud" }));
    }

    [Fact]
    public void Keys_given_twice_are_all_reported_as_dockerd_does()
    {
        var message = Fails(
            new DaemonFlags { Hosts = ["unix:///a.sock"], Debug = true, Pidfile = "/p" },
            new DaemonFileSettings { Hosts = ["unix:///b.sock", "unix:///c.sock"], Debug = false, Pidfile = "/q" });
        Assert.Equal(
            $"unable to configure the Wharf daemon with file {ConfigPath}: the following directives are specified both as a flag and in the configuration file: "
            + "hosts: (from flag: [unix:///a.sock], from file: [unix:///b.sock unix:///c.sock]), pidfile: (from flag: /p, from file: /q), debug: (from flag: true, from file: false)",
            message);
    }

    [Theory]
    [InlineData("data-root")]
    [InlineData("exec-root")]
    [InlineData("log-level")]
    [InlineData("log-format")]
    [InlineData("group")]
    public void Every_flag_key_is_checked_for_conflicts(string key)
    {
        var flags = key switch
        {
            "data-root" => new DaemonFlags { DataRoot = "/x" },
            "exec-root" => new DaemonFlags { ExecRoot = "/x" },
            "log-level" => new DaemonFlags { LogLevel = "info" },
            "log-format" => new DaemonFlags { LogFormat = "text" },
            _ => new DaemonFlags { Group = "x" },
        };
        var file = key switch
        {
            "data-root" => new DaemonFileSettings { DataRoot = "/y" },
            "exec-root" => new DaemonFileSettings { ExecRoot = "/y" },
            "log-level" => new DaemonFileSettings { LogLevel = "info" },
            "log-format" => new DaemonFileSettings { LogFormat = "text" },
            _ => new DaemonFileSettings { Group = "y" },
        };
        Assert.Contains($"configuration file: {key}: (from flag: ", Fails(flags, file), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_overlay2_is_accepted_as_storage_driver()
    {
        Assert.Equal("overlay2", DaemonOptions.StorageDriver);
        Configure(file: new DaemonFileSettings { StorageDriver = "overlay2" });
        Assert.Equal("storage-driver \"vfs\" is not supported: Wharf stores layers with overlay2 only",
            Fails(file: new DaemonFileSettings { StorageDriver = "vfs" }));
    }

    [Fact]
    public void Runtimes_add_to_runc_which_is_reserved()
    {
        var crun = new RuntimeSpec("/usr/bin/crun", []);
        var options = Configure(file: new DaemonFileSettings { Runtimes = new Dictionary<string, RuntimeSpec> { ["crun"] = crun }, DefaultRuntime = "crun" }).Options;
        Assert.Equal("crun", options.DefaultRuntime);
        Assert.Equal(crun, options.Runtimes["crun"]);
        Assert.True(options.Runtimes.ContainsKey("runc"));
        Assert.Equal("runtime name 'runc' is reserved",
            Fails(file: new DaemonFileSettings { Runtimes = new Dictionary<string, RuntimeSpec> { ["runc"] = crun } }));
        Assert.Equal("specified default runtime 'kata' does not exist", Fails(file: new DaemonFileSettings { DefaultRuntime = "kata" }));
    }

    [Fact]
    public void Labels_must_be_key_value()
    {
        Assert.Equal("bad attribute format: novalue", Fails(file: new DaemonFileSettings { Labels = ["a=b", "novalue"] }));
    }

    [Fact]
    public void Unhonoured_keys_are_passed_on_for_logging()
    {
        Assert.Equal(["live-restore"], Configure(file: new DaemonFileSettings { UnhonouredKeys = ["live-restore"] }).UnhonouredKeys);
    }

    [Fact]
    public void Relative_paths_become_absolute()
    {
        var options = Configure(new DaemonFlags { DataRoot = "rel/data" }).Options;
        Assert.Equal(System.IO.Path.GetFullPath("rel/data"), options.DataRoot);
    }
}
