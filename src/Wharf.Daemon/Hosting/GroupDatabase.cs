using System.Globalization;

namespace Wharf.Daemon.Hosting;

/// <summary>Looks up group ids in an /etc/group-format file (local groups only: the socket group is a local one).</summary>
internal static class GroupDatabase
{
    public const string DefaultPath = "/etc/group";

    public static int? FindGroupId(string name, string groupFile = DefaultPath)
    {
        if (!File.Exists(groupFile)) return null;
        foreach (var line in File.ReadLines(groupFile))
        {
            // name:password:gid:members
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == name && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
                return gid;
        }
        return null;
    }
}
