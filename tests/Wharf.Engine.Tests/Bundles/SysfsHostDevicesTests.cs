using Wharf.Engine.Containers.Bundles;

namespace Wharf.Engine.Tests.Bundles;

public sealed class SysfsHostDevicesTests
{
    [LinuxDevicesFact]
    public void Finds_dev_devby_its_numbers()
    {
        var dev = new SysfsHostDevices().Find("/dev/null");
        Assert.NotNull(dev);
        Assert.Equal(("c", 1L, 3L), (dev.Type, dev.Major, dev.Minor));
        Assert.Equal("/dev/null", dev.Path);
    }

    [LinuxDevicesFact]
    public void A_missing_path_throws_and_a_non_device_is_null()
    {
        Assert.Throws<FileNotFoundException>(() => new SysfsHostDevices().Find("/dev/definitely-not-here"));
        Assert.Null(new SysfsHostDevices().Find("/etc/hostname"));
    }

    [LinuxDevicesFact]
    public void All_lists_devices_but_not_the_console_or_pts()
    {
        var all = new SysfsHostDevices().All();
        Assert.Contains(all, d => d.Path == "/dev/null");
        Assert.DoesNotContain(all, d => d.Path == "/dev/console");
        Assert.DoesNotContain(all, d => d.Path.StartsWith("/dev/pts/", StringComparison.Ordinal));
    }
}

/// <summary>Runs where the host has <c>/sys/dev</c> and <c>/dev/null</c> (any Linux).</summary>
public sealed class LinuxDevicesFactAttribute : FactAttribute
{
    public LinuxDevicesFactAttribute()
    {
        if (!Directory.Exists("/sys/dev/char") || !File.Exists("/dev/null") || !File.Exists("/etc/hostname"))
            Skip = "needs Linux sysfs (/sys/dev/char), /dev/null and /etc/hostname";
    }
}
