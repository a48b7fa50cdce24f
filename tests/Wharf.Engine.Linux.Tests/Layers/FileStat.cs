using System.Diagnostics;

namespace Wharf.Engine.Linux.Tests.Layers;

/// <summary>lstat through coreutils' <c>stat</c>: file type, device numbers and owners, which .NET does not expose.</summary>
internal sealed record FileStat(string Type, int Major, int Minor, int Uid, int Gid, long Inode, long MtimeSeconds, long MtimeNanos)
{
    public static FileStat Of(string path)
    {
        var start = new ProcessStartInfo("stat", ["-c", "%F|%t|%T|%u|%g|%i|%.9Y", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"stat {path} failed: {process.StandardError.ReadToEnd()}");
        var f = output.Split('|');
        var mtime = f[6].Split('.');
        return new FileStat(f[0], Convert.ToInt32(f[1], 16), Convert.ToInt32(f[2], 16), int.Parse(f[3]), int.Parse(f[4]), long.Parse(f[5]),
            long.Parse(mtime[0]), long.Parse(mtime[1]));
    }
}
