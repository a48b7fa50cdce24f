namespace Wharf.Testing.Daemon;

/// <summary>The busybox rootfs tarball of scripts/busybox-rootfs.sh, built once per test run and deleted at exit.</summary>
public static class BusyboxRootfs
{
    static readonly Lazy<Task<string>> Built = new(BuildAsync);

    /// <summary>The path of the tarball (deterministic: the same bytes on every run).</summary>
    public static Task<string> GetAsync() => Built.Value;

    static async Task<string> BuildAsync()
    {
        var dir = Directory.CreateTempSubdirectory("wharf-busybox-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        var tar = Path.Combine(dir.FullName, "busybox-rootfs.tar");
        var result = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("busybox-rootfs.sh"), tar]);
        if (result.ExitCode != 0 || !File.Exists(tar))
            throw new InvalidOperationException($"scripts/busybox-rootfs.sh failed: {result}");
        return tar;
    }
}
