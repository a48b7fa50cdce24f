namespace Wharf.Testing.Daemon;

/// <summary>
/// The busybox rootfs tarball of scripts/busybox-rootfs.sh, built once per test run into the test's output
/// directory (under bin/, which a clean build removes), so nothing is left in /tmp even when the test host is killed.
/// </summary>
public static class BusyboxRootfs
{
    static readonly Lazy<Task<string>> Built = new(BuildAsync);

    /// <summary>The path of the tarball (deterministic: the same bytes on every run).</summary>
    public static Task<string> GetAsync() => Built.Value;

    static async Task<string> BuildAsync()
    {
        var tar = Path.Combine(AppContext.BaseDirectory, "busybox-rootfs.tar");
        var result = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("busybox-rootfs.sh"), tar]);
        if (result.ExitCode != 0 || !File.Exists(tar))
            throw new InvalidOperationException($"scripts/busybox-rootfs.sh failed: {result}");
        return tar;
    }
}
