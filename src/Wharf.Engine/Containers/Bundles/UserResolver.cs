using System.Globalization;
using Wharf.Engine.Containers.Oci;

namespace Wharf.Engine.Containers.Bundles;

/// <summary>
/// Resolves Docker's <c>User</c> strings (<c>name</c>, <c>uid</c>, <c>uid:gid</c>, <c>name:group</c>) and
/// <c>GroupAdd</c> against the rootfs' <c>/etc/passwd</c> and <c>/etc/group</c>, with runc's lookup rules and wording.
/// </summary>
internal static class UserResolver
{
    const long MaxId = int.MaxValue;

    sealed record PasswdEntry(string Name, long Uid, long Gid);

    sealed record GroupEntry(string Name, long Gid, string[] Members);

    public static OciUser Resolve(string rootfs, string user, IReadOnlyList<string> groupAdd)
    {
        var passwd = RootfsPath.ReadText(rootfs, "/etc/passwd");
        var group = RootfsPath.ReadText(rootfs, "/etc/group");
        var users = passwd is null ? [] : ParsePasswd(passwd);
        var groups = group is null ? [] : ParseGroup(group);

        var colon = user.IndexOf(':', StringComparison.Ordinal);
        var userArg = colon < 0 ? user : user[..colon];
        var groupArg = colon < 0 ? "" : user[(colon + 1)..];
        var uidNumeric = long.TryParse(userArg, NumberStyles.None, CultureInfo.InvariantCulture, out var uidArg);
        var gidNumeric = long.TryParse(groupArg, NumberStyles.None, CultureInfo.InvariantCulture, out var gidArg);

        long uid = 0, gid = 0;
        var match = users.FirstOrDefault(u => userArg == "" ? u.Uid == 0 : uidNumeric ? u.Uid == uidArg : u.Name == userArg);
        string? matchedName = null;
        if (match is not null)
        {
            matchedName = match.Name;
            uid = match.Uid;
            gid = match.Gid;
        }
        else if (userArg != "")
        {
            if (!uidNumeric) throw EngineException.Invalid($"unable to find user {userArg}: no matching entries in passwd file");
            uid = CheckRange(uidArg);
        }

        var sgids = new List<uint>();
        if (groupArg != "")
        {
            var g = groups.FirstOrDefault(g => gidNumeric ? g.Gid == gidArg : g.Name == groupArg);
            if (g is not null) gid = g.Gid;
            else if (!gidNumeric) throw EngineException.Invalid($"unable to find group {groupArg}: no matching entries in group file");
            else gid = CheckRange(gidArg);
        }
        else if (matchedName is not null)
        {
            // Supplementary groups come only with the implicit form (no explicit group given).
            sgids.AddRange(groups.Where(g => g.Members.Contains(matchedName)).Select(g => (uint)g.Gid));
        }

        foreach (var added in groupAdd)
        {
            var g = groups.FirstOrDefault(g => g.Name == added);
            if (g is not null) sgids.Add((uint)g.Gid);
            else if (long.TryParse(added, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) sgids.Add((uint)CheckRange(n));
            else throw EngineException.Invalid($"Unable to find group {added}");
        }

        return new OciUser { Uid = (uint)uid, Gid = (uint)gid, AdditionalGids = sgids.Count > 0 ? sgids : null };
    }

    static long CheckRange(long id) =>
        id is < 0 or > MaxId ? throw EngineException.Invalid("uids and gids must be in range 0-2147483647") : id;

    static List<PasswdEntry> ParsePasswd(string text)
    {
        var result = new List<PasswdEntry>();
        foreach (var f in Lines(text))
        {
            if (f.Length < 4) continue;
            if (!long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)) continue;
            if (!long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)) continue;
            result.Add(new PasswdEntry(f[0], uid, gid));
        }
        return result;
    }

    static List<GroupEntry> ParseGroup(string text)
    {
        var result = new List<GroupEntry>();
        foreach (var f in Lines(text))
        {
            if (f.Length < 3) continue;
            if (!long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)) continue;
            var members = f.Length > 3 ? f[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            result.Add(new GroupEntry(f[0], gid, members));
        }
        return result;
    }

    static IEnumerable<string[]> Lines(string text) =>
        text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':'));
}
