using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Info;
using Wharf.Engine.Linux.Host;
using Wharf.Engine.Processes;
using Wharf.Testing;

namespace Wharf.Engine.Linux.Tests.Host;

public sealed class HostInfoTests : IDisposable
{
    readonly TempDir _temp = new();
    readonly FakeProcessRunner _processes = new();

    public void Dispose() => _temp.Dispose();

    HostInfo FromSamples(bool cgroup2 = false)
    {
        var files = new HostFiles(
            _temp.Combine("os-release"), _temp.Combine("usr-lib-os-release"), _temp.Combine("osrelease"), _temp.Combine("meminfo"),
            _temp.Combine("ip_forward"), _temp.Combine("status"), _temp.Combine("fd"), _temp.Combine("cgroup"));
        Directory.CreateDirectory(files.FileDescriptors);
        Directory.CreateDirectory(files.CgroupRoot);
        return new HostInfo(files, _processes, NullLogger.Instance, () => "x86_64", () => cgroup2);
    }

    [Fact]
    public void Reports_the_facts_in_the_host_files()
    {
        File.WriteAllText(_temp.Combine("usr-lib-os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\n");
        File.WriteAllText(_temp.Combine("osrelease"), "6.1.0-13-amd64\n");
        File.WriteAllText(_temp.Combine("meminfo"), "MemTotal:        2048 kB\n");
        File.WriteAllText(_temp.Combine("ip_forward"), "1\n");
        File.WriteAllText(_temp.Combine("status"), "Seccomp:\t0\n");

        var host = FromSamples(cgroup2: true);
        File.WriteAllText(_temp.Combine("fd/0"), "");
        File.WriteAllText(_temp.Combine("fd/1"), "");

        Assert.Equal("Debian GNU/Linux 12 (bookworm)", host.OperatingSystem);   // from the fallback os-release
        Assert.Equal("12", host.OsVersion);
        Assert.Equal("6.1.0-13-amd64", host.KernelVersion);
        Assert.Equal(2048L * 1024, host.MemTotal);
        Assert.True(host.IPv4Forwarding);
        Assert.True(host.SeccompEnabled);
        Assert.Equal("2", host.CgroupVersion);
        Assert.Equal("x86_64", host.Architecture);
        Assert.Equal(2, host.OpenFileDescriptors);
        Assert.Equal(Environment.ProcessorCount, host.Cpus);
    }

    [Fact]
    public void Missing_files_give_dockers_defaults()
    {
        var host = FromSamples();

        Assert.Equal("Linux", host.OperatingSystem);
        Assert.Equal("", host.OsVersion);
        Assert.False(host.IPv4Forwarding);
        Assert.False(host.SeccompEnabled);
        Assert.Equal("1", host.CgroupVersion);
    }

    [Fact]
    public async Task Runs_the_runtime_once_and_caches_its_version()
    {
        _processes.OnRun = _ => new ProcessResult(0, "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\n", "");
        var host = FromSamples();

        Assert.Equal("1.1.5+ds1", await host.RuntimeVersionAsync("runc", CancellationToken.None));
        Assert.Equal(new ToolVersion("1.1.5+ds1", "1.1.5+ds1-1+deb12u1"), await host.ToolVersionAsync("runc", CancellationToken.None));

        var call = Assert.Single(_processes.Calls);
        Assert.Equal("runc", call.FileName);
        Assert.Equal(["--version"], call.Arguments);
    }

    [Fact]
    public async Task A_runtime_that_cannot_run_has_no_version_and_is_asked_again_later()
    {
        _processes.OnRun = s => throw new EngineException(ErrorKind.Unavailable, $"failed to run {s.FileName}: No such file or directory");
        var host = FromSamples();

        Assert.Equal("", await host.RuntimeVersionAsync("crun", CancellationToken.None));
        _processes.OnRun = _ => new ProcessResult(1, "", "boom");
        Assert.Null(await host.ToolVersionAsync("crun", CancellationToken.None));

        Assert.Equal(2, _processes.Calls.Count);
    }

    [Fact]
    public void Names_the_backing_file_system_of_a_path_that_does_not_exist_yet()
    {
        var real = new HostInfo(_processes, NullLogger<HostInfo>.Instance);

        var name = real.BackingFilesystem(_temp.Combine("not/yet/there"));

        Assert.Equal(real.BackingFilesystem(_temp.Path), name);
        Assert.NotEqual("<unknown>", name);
        Assert.Equal("tmpfs", real.BackingFilesystem("/dev/shm"));
    }

    [Fact]
    public void Reads_the_real_host()
    {
        var real = new HostInfo(_processes, NullLogger<HostInfo>.Instance);

        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), real.KernelVersion);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), real.Hostname);
        Assert.Contains(real.Architecture, new[] { "x86_64", "aarch64", "riscv64", "ppc64le", "s390x" });
        Assert.True(real.MemTotal > 0);
        Assert.Contains(real.CgroupVersion, new[] { "1", "2" });
        Assert.True(real.OpenFileDescriptors > 2);
    }
}
