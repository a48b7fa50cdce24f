using Wharf.Engine.Processes;
using Wharf.Engine.Volumes;

namespace Wharf.Engine.Linux.Volumes;

/// <summary>
/// <see cref="IVolumeHost"/> with util-linux and coreutils through <see cref="IProcessRunner"/>: <c>mount</c> parses
/// the <c>o=</c> words (<c>bind</c>, <c>size=</c>, <c>uid=</c>…) exactly as the local driver's users expect, and
/// <c>cp -a</c> keeps owners, modes, times, hard and symbolic links and xattrs during copy-up.
/// </summary>
public sealed class LocalVolumeHost(IProcessRunner runner) : IVolumeHost
{
    static readonly TimeSpan MountTimeout = TimeSpan.FromSeconds(30);

    public async Task MountAsync(string type, string device, string options, string target, CancellationToken ct)
    {
        var args = new List<string>();
        if (type.Length > 0) args.AddRange(["-t", type]);
        if (options.Length > 0) args.AddRange(["-o", options]);
        // mount(8) needs a source word; the kernel ignores it for tmpfs and similar.
        args.Add(device.Length > 0 ? device : "none");
        args.Add(target);
        var result = await runner.RunAsync(new ProcessSpec("mount", args) { Timeout = MountTimeout }, ct);
        if (!result.Succeeded) throw new EngineException(ErrorKind.Internal, Trim(result));
    }

    public async Task UnmountAsync(string target, CancellationToken ct)
    {
        if (!IsMounted(target)) return;
        var result = await runner.RunAsync(new ProcessSpec("umount", [target]) { Timeout = MountTimeout }, ct);
        if (!result.Succeeded && IsMounted(target)) throw new EngineException(ErrorKind.Internal, $"error unmounting volume '{target}': {Trim(result)}");
    }

    public async Task CopyUpAsync(string source, string destination, CancellationToken ct)
    {
        // "source/." copies the directory's content (dot files included) into destination itself.
        var result = await runner.RunAsync(new ProcessSpec("cp", ["-a", "--", source.TrimEnd('/') + "/.", destination.TrimEnd('/') + "/"]), ct);
        if (!result.Succeeded) throw new EngineException(ErrorKind.Internal, $"error copying image content into volume: {Trim(result)}");
    }

    /// <summary>Whether <paramref name="path"/> is a mount point, from <c>/proc/self/mountinfo</c> (field 5, octal-escaped).</summary>
    internal static bool IsMounted(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && Unescape(fields[4]) == full) return true;
        }
        return false;
    }

    static string Unescape(string s) =>
        s.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
         .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    static string Trim(ProcessResult r) => (r.StandardError.Length > 0 ? r.StandardError : r.StandardOutput).Trim();
}
