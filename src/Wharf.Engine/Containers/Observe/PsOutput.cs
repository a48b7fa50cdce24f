using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Wharf.Engine.Containers.Observe;

/// <summary>
/// dockerd's <c>docker top</c> rules: which <c>ps</c> arguments are allowed, the <c>-q</c> list of the container's pids, and
/// how the host's whole <c>ps</c> output is cut down to the container's processes (the PID column is found by its title,
/// so arguments that move it, such as <c>-o comm,pid</c>, work).
/// </summary>
internal static partial class PsOutput
{
    public const string DefaultArgs = "-ef";

    /// <summary>dockerd refuses to rename a PID column (<c>-o user=PID</c>) so that the column it looks for stays the pid.</summary>
    public static void Validate(string psArgs)
    {
        foreach (Match match in RenamedPid().Matches(psArgs))
        {
            var key = match.Groups[1].Value;
            if (key != "pid") throw EngineException.Invalid($"specifying \"{key}={match.Groups[2].Value}\" is not allowed");
        }
    }

    /// <summary>The arguments as dockerd splits them: on single spaces, empty fields kept.</summary>
    public static IReadOnlyList<string> Split(string psArgs) => psArgs.Split(' ');

    /// <summary><c>-q1,2,3</c>: asks ps for those pids only; some options (f) refuse it, and ps runs again without.</summary>
    public static string PidsArgument(IReadOnlyList<int> pids) =>
        "-q" + string.Join(',', pids.Select(p => p.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The header's titles and the rows whose PID is one of <paramref name="pids"/> (thread rows "-" follow their process).</summary>
    public static ContainerTop Parse(string output, IReadOnlyCollection<int> pids)
    {
        var lines = output.Split('\n');
        var titles = Fields(lines[0]);
        var pidIndex = titles.IndexOf("PID");
        if (pidIndex < 0) throw new EngineException(ErrorKind.Internal, "Couldn't find PID field in ps output");
        var processes = new List<IReadOnlyList<string>>();
        var previousContained = false;
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var fields = Fields(line);
            if (fields.Count <= pidIndex) continue;
            if (fields[pidIndex] == "-")
            {
                // A thread line (ps -m / H): it belongs to the process above it.
                if (previousContained) processes.Add(Row(fields, titles.Count));
                continue;
            }
            if (!int.TryParse(fields[pidIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                throw new EngineException(ErrorKind.Internal, $"Unexpected pid '{fields[pidIndex]}': strconv.Atoi: parsing \"{fields[pidIndex]}\": invalid syntax");
            previousContained = pids.Contains(pid);
            if (previousContained) processes.Add(Row(fields, titles.Count));
        }
        return new ContainerTop(titles, processes);
    }

    /// <summary>As many fields as titles: what overhangs (a command's arguments) is joined into the last one.</summary>
    static string[] Row(List<string> fields, int columns)
    {
        if (fields.Count <= columns) return [.. fields];
        var row = fields.Take(columns - 1).ToList();
        row.Add(string.Join(' ', fields.Skip(columns - 1)));
        return [.. row];
    }

    /// <summary>Splits on ASCII whitespace only, as dockerd does (a command may contain other Unicode spaces).</summary>
    static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in line)
        {
            if (ch is ' ' or '\t' or '\n' or '\r' or '\v' or '\f')
            {
                if (current.Length > 0) fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }
        if (current.Length > 0) fields.Add(current.ToString());
        return fields;
    }

    [GeneratedRegex(@"\s+([^\s]*)=\s*(PID[^\s]*)")]
    private static partial Regex RenamedPid();
}
