using Wharf.Daemon.Config;
using Wharf.Daemon.Hosting;

namespace Wharf.Daemon.Tests.Hosting;

public sealed class DaemonDirectoriesTests
{
    [Fact]
    public void Creates_data_root_0710_and_exec_root_0700_and_fixes_existing_modes()
    {
        using var dir = new TempDirectory();
        var options = DaemonConfigResolver.Resolve(
            new DaemonFlags { DataRoot = dir.Combine("data"), ExecRoot = dir.Combine("exec") }, DaemonFileSettings.Empty, dir.Combine("daemon.json")).Options;
        Directory.CreateDirectory(options.ExecRoot);
        File.SetUnixFileMode(options.ExecRoot, (UnixFileMode)0b111_111_111);

        DaemonDirectories.Create(options);

        Assert.Equal((UnixFileMode)0b111_001_000, File.GetUnixFileMode(options.DataRoot));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(options.ExecRoot));
    }

    [Fact]
    public void A_file_in_the_way_is_a_startup_error()
    {
        using var dir = new TempDirectory();
        var blocker = dir.WriteFile("data", "not a directory");
        var options = DaemonConfigResolver.Resolve(
            new DaemonFlags { DataRoot = blocker, ExecRoot = dir.Combine("exec") }, DaemonFileSettings.Empty, dir.Combine("daemon.json")).Options;
        var e = Assert.Throws<DaemonStartupException>(() => DaemonDirectories.Create(options));
        Assert.StartsWith($"cannot create data root {blocker}: ", e.Message, StringComparison.Ordinal);
    }
}
