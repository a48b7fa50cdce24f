namespace Wharf.Engine.Linux.Runtime;

/// <summary>Finds a program in PATH, as execvp would; conmon needs runc's absolute path.</summary>
internal static class ExecutablePath
{
    public static string Resolve(string name)
    {
        if (name.Contains('/')) return Path.GetFullPath(name);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
                return candidate;
        }
        throw new EngineException(ErrorKind.Unavailable, $"{name}: executable file not found in $PATH");
    }
}
