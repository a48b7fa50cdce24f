using System.Runtime.InteropServices;

namespace Wharf.Cli.Commands.Doctor;

/// <summary>What <c>stat</c> says of a path: its type, owner, group and permission bits.</summary>
internal sealed record FileFacts(FileKind Kind, uint Uid, uint Gid, int Mode);

/// <summary>The file types doctor tells apart; <see cref="Unreachable"/>: stat was denied (a directory on the way cannot be searched).</summary>
internal enum FileKind { Other, Socket, Directory, Regular, Unreachable }

/// <summary>Who runs the command: uid, primary gid, supplementary groups.</summary>
internal sealed record UserIdentity(uint Uid, uint Gid, IReadOnlyList<uint> Groups);

/// <summary>
/// The host facts <c>wharf doctor</c> reads (file metadata and contents, the caller's identity, user and group names, PATH lookups),
/// as function fields so that tests give fakes: a permission problem is judged from these facts, not by being that user.
/// </summary>
internal sealed partial class DoctorSystem
{
    public required Func<string, FileFacts?> Stat { get; init; }
    public required Func<UserIdentity> Identity { get; init; }
    public required Func<uint, string> UserName { get; init; }
    public required Func<uint, string> GroupName { get; init; }
    public required Func<string, string?> FindProgram { get; init; }
    public required Func<string, CancellationToken, Task<string>> ReadFile { get; init; }

    /// <summary>The real machine: statx, getuid/getgid/getgroups, /etc/passwd and /etc/group, PATH.</summary>
    public static DoctorSystem Real { get; } = new()
    {
        Stat = StatPath,
        Identity = CurrentIdentity,
        UserName = id => NameOf("/etc/passwd", id),
        GroupName = id => NameOf("/etc/group", id),
        FindProgram = OnPath,
        ReadFile = File.ReadAllTextAsync,
    };

    // statx's layout is the same on every Linux architecture: uid at 20, gid at 24, mode at 28.
    const int AtFdCwd = -100;
    const uint StatxBasicStats = 0x7ff;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "getgid")]
    private static partial uint GetGid();

    [LibraryImport("libc", EntryPoint = "getgroups", SetLastError = true)]
    private static unsafe partial int GetGroups(int size, uint* list);

    static unsafe FileFacts? StatPath(string path)
    {
        var buffer = stackalloc byte[256];
        const int EAcces = 13;
        if (Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
            return Marshal.GetLastPInvokeError() == EAcces ? new FileFacts(FileKind.Unreachable, 0, 0, 0) : null;
        var mode = *(ushort*)(buffer + 28);
        var kind = (mode & 0xf000) switch
        {
            0xc000 => FileKind.Socket,
            0x4000 => FileKind.Directory,
            0x8000 => FileKind.Regular,
            _ => FileKind.Other,
        };
        return new FileFacts(kind, *(uint*)(buffer + 20), *(uint*)(buffer + 24), mode & 0xfff);
    }

    static unsafe UserIdentity CurrentIdentity()
    {
        var count = GetGroups(0, null);
        var groups = new uint[Math.Max(count, 0)];
        fixed (uint* list = groups)
            count = count > 0 ? GetGroups(groups.Length, list) : 0;
        return new UserIdentity(GetUid(), GetGid(), groups.AsSpan(0, Math.Max(count, 0)).ToArray());
    }

    /// <summary>The name for an id in a passwd/group-format file (name:x:id:…), or the number when absent.</summary>
    static string NameOf(string file, uint id)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(':');
                if (parts.Length > 2 && uint.TryParse(parts[2], out var n) && n == id) return parts[0];
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return id.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
    }

    static string? OnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
