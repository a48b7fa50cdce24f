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
        UserName = Hosts.SocketOwner.UserName,
        GroupName = Hosts.SocketOwner.GroupName,
        FindProgram = OnPath,
        ReadFile = File.ReadAllTextAsync,
    };

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "getgid")]
    private static partial uint GetGid();

    [LibraryImport("libc", EntryPoint = "getgroups", SetLastError = true)]
    private static unsafe partial int GetGroups(int size, uint* list);

    static FileFacts? StatPath(string path)
    {
        const int EAcces = 13;
        if (Hosts.SocketOwner.Stat(path, out var errno) is not var (uid, gid, mode))
            return errno == EAcces ? new FileFacts(FileKind.Unreachable, 0, 0, 0) : null;
        var kind = (mode & 0xf000) switch
        {
            0xc000 => FileKind.Socket,
            0x4000 => FileKind.Directory,
            0x8000 => FileKind.Regular,
            _ => FileKind.Other,
        };
        return new FileFacts(kind, uid, gid, mode & 0xfff);
    }

    static unsafe UserIdentity CurrentIdentity()
    {
        var count = GetGroups(0, null);
        var groups = new uint[Math.Max(count, 0)];
        fixed (uint* list = groups)
            count = count > 0 ? GetGroups(groups.Length, list) : 0;
        return new UserIdentity(GetUid(), GetGid(), groups.AsSpan(0, Math.Max(count, 0)).ToArray());
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
