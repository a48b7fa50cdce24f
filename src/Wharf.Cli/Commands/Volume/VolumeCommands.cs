using System.CommandLine;

namespace Wharf.Cli.Commands.Volume;

/// <summary>The <c>wharf volume</c> group: create, ls, inspect, rm, prune, with the docker CLI's flags and output.</summary>
internal static class VolumeCommands
{
    public static Command Create(CliContext cli) => new("volume", "Manage volumes")
    {
        VolumeCreateCommand.Create(cli),
        VolumeListCommand.Create(cli),
        VolumeInspectCommand.Create(cli),
        VolumeRemoveCommand.Create(cli),
        VolumePruneCommand.Create(cli),
    };

    /// <summary>docker's KEY=VALUE lists (<c>--label</c>, <c>-o</c>): a bare key maps to "", a later key wins.</summary>
    internal static Dictionary<string, string> ToMap(IEnumerable<string> values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) map[value] = "";
            else map[value[..eq]] = value[(eq + 1)..];
        }
        return map;
    }
}
