using Wharf.Daemon.Config;

namespace Wharf.Daemon.Hosting;

/// <summary>Creates the data root (0710, as dockerd) and the exec root (0700), and fixes their modes when they exist.</summary>
internal static class DaemonDirectories
{
    public const UnixFileMode DataRootMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute;
    public const UnixFileMode ExecRootMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Create(DaemonOptions options)
    {
        Ensure(options.DataRoot, DataRootMode, "data root");
        Ensure(options.ExecRoot, ExecRootMode, "exec root");
    }

    static void Ensure(string path, UnixFileMode mode, string what)
    {
        try
        {
            Directory.CreateDirectory(path, mode);
            File.SetUnixFileMode(path, mode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DaemonStartupException($"cannot create {what} {path}: {e.Message}", e);
        }
    }
}
