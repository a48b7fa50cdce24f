namespace Wharf.Engine.Containers.Bundles;

/// <summary>The parts of <c>SecurityOpt</c> the bundle acts on: no-new-privileges and the seccomp profile (null = the default, <c>unconfined</c>, or inline JSON).</summary>
internal sealed record SecurityOptions(bool NoNewPrivileges, string? SeccompProfile)
{
    /// <summary>Parses the entries as dockerd does, with its error wording; labels and AppArmor are accepted and have no effect on this host.</summary>
    public static SecurityOptions Parse(IReadOnlyList<string> entries)
    {
        var nnp = false;
        string? seccomp = null;
        foreach (var opt in entries)
        {
            if (opt == "no-new-privileges")
            {
                nnp = true;
                continue;
            }
            if (opt == "disable") continue;
            var sep = opt.IndexOf('=', StringComparison.Ordinal);
            if (sep < 0) sep = opt.IndexOf(':', StringComparison.Ordinal);
            if (sep < 0) throw EngineException.Invalid($"invalid --security-opt 1: \"{opt}\"");
            var (key, value) = (opt[..sep], opt[(sep + 1)..]);
            switch (key)
            {
                case "label" or "apparmor":
                    break;
                case "seccomp":
                    seccomp = value;
                    break;
                case "no-new-privileges":
                    nnp = ParseBool(value) ?? throw EngineException.Invalid($"invalid --security-opt 2: \"{opt}\"");
                    break;
                default:
                    throw EngineException.Invalid($"invalid --security-opt 2: \"{opt}\"");
            }
        }
        return new SecurityOptions(nnp, seccomp);
    }

    /// <summary>Go's strconv.ParseBool.</summary>
    static bool? ParseBool(string s) => s switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };
}
