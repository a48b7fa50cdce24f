using Wharf.Daemon.Config;

namespace Wharf.Daemon.Hosting;

/// <summary>
/// dockerd's pidfile rule: refuse to start while the pid in the file names a live process other than us, otherwise
/// (absent, unparsable or stale) write our pid. Disposing removes the file if it still holds our pid.
/// </summary>
internal sealed class PidFile : IDisposable
{
    readonly int _pid;

    PidFile(string path, int pid)
    {
        Path = path;
        _pid = pid;
    }

    public string Path { get; }

    public static PidFile Acquire(string path, int ownPid)
    {
        if (ReadPid(path) is int existing && existing != ownPid && IsAlive(existing))
            throw new DaemonStartupException($"pid file found, ensure wharfd is not running or delete {path}");
        try
        {
            var directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            File.WriteAllText(path, ownPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DaemonStartupException($"can't create pid file {path}: {e.Message}", e);
        }
        return new PidFile(path, ownPid);
    }

    /// <summary>Whether a process with this pid exists; /proc avoids a native kill(pid, 0).</summary>
    public static bool IsAlive(int pid) => pid > 0 && Directory.Exists($"/proc/{pid}");

    public void Dispose()
    {
        // Another daemon may have replaced a file we were slow to remove; only remove our own.
        if (ReadPid(Path) == _pid) File.Delete(Path);
    }

    static int? ReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
