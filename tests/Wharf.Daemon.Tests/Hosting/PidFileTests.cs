using System.Globalization;
using Wharf.Daemon.Config;
using Wharf.Daemon.Hosting;

namespace Wharf.Daemon.Tests.Hosting;

public sealed class PidFileTests
{
    const int OurPid = 4242;

    /// <summary>A pid above the kernel's maximum can never belong to a live process.</summary>
    static int StalePid() => int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture) + 1;

    [Fact]
    public void Writes_our_pid_creating_the_directory_and_removes_the_file_on_dispose()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("run", "wharfd.pid");
        using (var pidFile = PidFile.Acquire(path, OurPid))
        {
            Assert.Equal("4242", File.ReadAllText(path));
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Refuses_while_a_live_process_holds_the_file()
    {
        using var dir = new TempDirectory();
        var livePid = Environment.ProcessId;   // this test process is certainly alive, and it is not "us" (OurPid)
        var path = dir.WriteFile("wharfd.pid", livePid.ToString(CultureInfo.InvariantCulture));
        var e = Assert.Throws<DaemonStartupException>(() => PidFile.Acquire(path, OurPid));
        Assert.Equal($"pid file found, ensure wharfd is not running or delete {path}", e.Message);
        Assert.Equal(livePid.ToString(CultureInfo.InvariantCulture), File.ReadAllText(path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Takes_over_a_stale_or_unreadable_file(bool stale)
    {
        using var dir = new TempDirectory();
        var path = dir.WriteFile("wharfd.pid", stale ? StalePid().ToString(CultureInfo.InvariantCulture) : "not a pid");
        using var pidFile = PidFile.Acquire(path, OurPid);
        Assert.Equal("4242", File.ReadAllText(path));
    }

    [Fact]
    public void A_file_holding_our_own_pid_is_ours()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteFile("wharfd.pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        using var pidFile = PidFile.Acquire(path, Environment.ProcessId);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Dispose_leaves_a_file_another_daemon_rewrote()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("wharfd.pid");
        var pidFile = PidFile.Acquire(path, OurPid);
        File.WriteAllText(path, "777");
        pidFile.Dispose();
        Assert.Equal("777", File.ReadAllText(path));
    }

    [Fact]
    public void Liveness_comes_from_proc()
    {
        Assert.True(PidFile.IsAlive(Environment.ProcessId));
        Assert.False(PidFile.IsAlive(StalePid()));
        Assert.False(PidFile.IsAlive(0));
    }
}
