using Wharf.Api.Common;
using Wharf.Api.Containers;
using Wharf.Cli.Commands.Run;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Run;

/// <summary>The value parsers behind run/create/exec: env files, detach keys, exit-code mapping, sizes, durations, ports, image names.</summary>
public sealed class ParsingTests
{
    [Fact]
    public void Env_files_pass_values_through_skip_comments_and_take_bare_names_from_the_environment()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "env");
        File.WriteAllText(path, "\uFEFF# comment\n\n  A=1\nB= spaced value \"quoted\"\r\nHOME_SET\nNOT_SET\nC=\n  # indented comment\nD=x=y\n");
        var lines = EnvFile.ReadEnv(path, k => k == "HOME_SET" ? "from-env" : null);
        Assert.Equal(["A=1", "B= spaced value \"quoted\"", "HOME_SET=from-env", "C=", "D=x=y"], lines);
    }

    [Fact]
    public void Env_file_errors_use_dockers_words()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "env");
        File.WriteAllText(path, "BAD KEY=1\n");
        Assert.Equal("poorly formatted environment: variable 'BAD KEY' contains whitespaces", Assert.Throws<CliException>(() => EnvFile.ReadEnv(path, _ => null)).Message);
        File.WriteAllText(path, "=1\n");
        Assert.Equal("poorly formatted environment: no variable name on line '=1'", Assert.Throws<CliException>(() => EnvFile.ReadEnv(path, _ => null)).Message);
        File.WriteAllBytes(path, [(byte)'A', (byte)'=', 0xff, (byte)'\n']);
        Assert.Equal($"env file {path} contains invalid utf8 bytes at line 1", Assert.Throws<CliException>(() => EnvFile.ReadEnv(path, _ => null)).Message);
        Assert.Equal($"open {path}.missing: no such file or directory", Assert.Throws<CliException>(() => EnvFile.ReadEnv(path + ".missing", _ => null)).Message);
    }

    [Fact]
    public void Label_files_drop_bare_names()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "labels");
        File.WriteAllText(path, "a=1\nbare\nb=\n");
        Assert.Equal(["a=1", "b="], EnvFile.ReadLabels(path));
    }

    [Theory]
    [InlineData("ctrl-p,ctrl-q", new byte[] { 0x10, 0x11 })]
    [InlineData("ctrl-@,ctrl-a,ctrl-z", new byte[] { 0, 1, 26 })]
    [InlineData("ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_", new byte[] { 27, 28, 29, 30, 31 })]
    [InlineData("a,b,DEL", new byte[] { (byte)'a', (byte)'b', 127 })]
    public void Detach_keys_parse_as_docker_parses_them(string text, byte[] expected)
        => Assert.Equal(expected, DetachKeys.TryParse(text, out _));

    [Theory]
    [InlineData("ctrl-1")]
    [InlineData("ab")]
    [InlineData("ctrl-P")]
    public void Unknown_detach_keys_are_refused(string text)
    {
        Assert.Null(DetachKeys.TryParse(text, out var error));
        Assert.StartsWith("Unknown character: '", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_detach_scanner_holds_partial_sequences_and_releases_false_starts()
    {
        var keys = new DetachKeys(DetachKeys.Default);
        var output = new List<byte>();
        Assert.False(keys.Scan("ab\x10"u8, output));
        Assert.Equal("ab"u8.ToArray(), output);
        output.Clear();
        Assert.False(keys.Scan("c"u8, output));
        Assert.Equal(new byte[] { 0x10, (byte)'c' }, output);
        output.Clear();
        Assert.False(keys.Scan("\x10"u8, output));
        Assert.Empty(output);
        Assert.True(keys.Scan("\x11rest"u8, output));
        Assert.Empty(output);
        output.Clear();
        Assert.True(keys.Scan("x\x10\x10\x11"u8, output));
        Assert.Equal("x\x10"u8.ToArray(), output);
    }

    [Theory]
    [InlineData("failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/no/such/binary\": stat /no/such/binary: no such file or directory: unknown", 127)]
    [InlineData("OCI runtime create failed: exec: \"nosuch\": executable file not found in $PATH: unknown", 127)]
    [InlineData("OCI runtime create failed: exec: \"/etc/passwd\": permission denied: unknown", 126)]
    [InlineData("OCI runtime create failed: exec: \"/etc\": is a directory: unknown", 126)]
    [InlineData("No command specified", 125)]
    [InlineData("Conflict. The container name \"/x\" is already in use", 125)]
    public void Start_failures_map_to_dockers_exit_codes(string message, int code)
    {
        Assert.Equal(code, RunErrors.ExitCodeFor(message));
        var error = RunErrors.Refused(message);
        Assert.Equal(code, error.ExitCode);
        Assert.Equal($"wharf: Error response from daemon: {message}\n\nRun 'wharf run --help' for more information", error.Message);
    }

    [Theory]
    [InlineData("64m", 64L << 20)]
    [InlineData("64M", 64L << 20)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("512", 512)]
    [InlineData("10kb", 10240)]
    [InlineData("2 GiB", 2L << 30)]
    public void Sizes_are_binary_as_go_units_reads_them(string text, long bytes) => Assert.Equal(bytes, Units.RamInBytes(text));

    [Theory]
    [InlineData("64x")]
    [InlineData("m")]
    [InlineData("-1")]
    public void Bad_sizes_do_not_parse(string text) => Assert.Null(Units.RamInBytes(text));

    [Theory]
    [InlineData("5s", 5_000_000_000)]
    [InlineData("1m30s", 90_000_000_000)]
    [InlineData("250ms", 250_000_000)]
    [InlineData("1.5h", 5_400_000_000_000)]
    [InlineData("0", 0)]
    [InlineData("-2s", -2_000_000_000)]
    public void Durations_are_gos(string text, long nanos) => Assert.Equal(nanos, Units.DurationNanos(text));

    [Theory]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("5s3")]
    public void Bad_durations_do_not_parse(string text) => Assert.Null(Units.DurationNanos(text));

    [Theory]
    [InlineData("80", "80/tcp", "", "")]
    [InlineData("8080:80", "80/tcp", "", "8080")]
    [InlineData("127.0.0.1::81/udp", "81/udp", "127.0.0.1", "")]
    [InlineData("[::1]:8080:80", "80/tcp", "::1", "8080")]
    [InlineData("8000-8010:80", "80/tcp", "", "8000-8010")]
    public void Port_specs_parse_as_nat_does(string spec, string key, string hostIp, string hostPort)
    {
        var exposed = new Dictionary<string, EmptyObject?>();
        var bindings = new Dictionary<string, List<PortBinding>?>();
        Assert.Null(PortSpecs.AddPublish(spec, exposed, bindings));
        Assert.Equal([key], exposed.Keys);
        var binding = Assert.Single(bindings[key]!);
        Assert.Equal((hostIp, hostPort), (binding.HostIp, binding.HostPort));
    }

    [Fact]
    public void Port_ranges_pair_up()
    {
        var exposed = new Dictionary<string, EmptyObject?>();
        var bindings = new Dictionary<string, List<PortBinding>?>();
        Assert.Null(PortSpecs.AddPublish("9000-9001:80-81", exposed, bindings));
        Assert.Equal("9001", bindings["81/tcp"]![0].HostPort);
        Assert.Equal("invalid ranges specified for container and host Ports: 80-82 and 9000-9001", PortSpecs.AddPublish("9000-9001:80-82", exposed, bindings));
        Assert.Equal("invalid containerPort: http", PortSpecs.AddPublish("http", exposed, bindings));
    }

    [Theory]
    [InlineData("busybox", "docker.io/library/busybox", "latest", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox", "1.36", "busybox:1.36")]
    [InlineData("me/app", "docker.io/me/app", "latest", "me/app:latest")]
    [InlineData("localhost:5000/app:v1", "localhost:5000/app", "v1", "localhost:5000/app:v1")]
    [InlineData("reg.example/a/b", "reg.example/a/b", "latest", "reg.example/a/b:latest")]
    [InlineData("busybox@sha256:abc", "docker.io/library/busybox", "sha256:abc", "busybox@sha256:abc")]
    public void Image_names_normalize_as_the_docker_cli_pulls_them(string reference, string repository, string tag, string familiar)
        => Assert.Equal(new ImageName(repository, tag, familiar), ImageName.Parse(reference));

    [Fact]
    public void Mounts_ulimits_devices_and_hosts_parse_or_say_why_not()
    {
        var bind = MountSpecs.Parse("type=bind,source=/a,target=/b,readonly,bind-propagation=rslave");
        Assert.Equal(("bind", "/a", "/b", true, "rslave"), (bind.Type, bind.Source, bind.Target, bind.ReadOnly, bind.BindOptions!.Propagation));
        var tmpfs = MountSpecs.Parse("type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770");
        Assert.Equal((1L << 20, Convert.ToInt32("1770", 8)), (tmpfs.TmpfsOptions!.SizeBytes, tmpfs.TmpfsOptions.Mode));
        Assert.Equal("target is required", Assert.Throws<FormatException>(() => MountSpecs.Parse("type=volume,src=v")).Message);
        Assert.Equal("unexpected key 'bogus' in 'bogus=1'", Assert.Throws<FormatException>(() => MountSpecs.Parse("bogus=1,dst=/x")).Message);
        Assert.Equal(new Ulimit { Name = "nproc", Soft = 5, Hard = 5 }, MountSpecs.ParseUlimit("nproc=5"));
        Assert.Equal("invalid ulimit type: bogus", Assert.Throws<FormatException>(() => MountSpecs.ParseUlimit("bogus=1")).Message);
        Assert.Equal(new DeviceMapping { PathOnHost = "/dev/a", PathInContainer = "/dev/a", CgroupPermissions = "r" }, MountSpecs.ParseDevice("/dev/a:r"));
        Assert.Equal(new DeviceMapping { PathOnHost = "/dev/a", PathInContainer = "/dev/b", CgroupPermissions = "rwm" }, MountSpecs.ParseDevice("/dev/a:/dev/b"));
        Assert.Equal("h:10.0.0.1", MountSpecs.ParseExtraHost("h=10.0.0.1"));
        Assert.Equal("h:::1", MountSpecs.ParseExtraHost("h=[::1]"));
        Assert.Equal("bad format for add-host: \"nohost\"", Assert.Throws<FormatException>(() => MountSpecs.ParseExtraHost("nohost")).Message);
    }
}
