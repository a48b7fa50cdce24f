namespace Wharf.Engine.Containers.Bundles;

/// <summary>Docker's capability rules: the default set, <c>ALL</c>, and CapAdd/CapDrop accepting <c>CAP_X</c> or <c>X</c> in any case.</summary>
internal static class Capabilities
{
    /// <summary>What a non-privileged container holds unless told otherwise (dockerd's default set, in its order).</summary>
    public static readonly IReadOnlyList<string> Default =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>Every capability runc 1.1 knows, in kernel number order (0 … 40).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    const string AllKeyword = "ALL";

    /// <summary>
    /// The capabilities this process may hand out: its own bounding set (from <c>/proc/self/status</c>), since a
    /// runtime cannot grant more; every known one when that cannot be read.
    /// </summary>
    public static IReadOnlyList<string> ReadBoundingSet(string statusPath = "/proc/self/status")
    {
        try
        {
            var line = File.ReadLines(statusPath).FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
            if (line is not null && ulong.TryParse(line[7..].Trim(), System.Globalization.NumberStyles.HexNumber, null, out var mask))
                return FromMask(mask);
        }
        catch (IOException)
        {
            // No procfs: fall back to everything known.
        }
        return All;
    }

    /// <summary>The known capabilities whose bits are set in <paramref name="mask"/>.</summary>
    public static IReadOnlyList<string> FromMask(ulong mask) => [.. All.Where((_, bit) => (mask & (1UL << bit)) != 0)];

    /// <summary>The container's capability set, as dockerd's TweakCapabilities computes it; "all" means all of <paramref name="available"/>.</summary>
    public static IReadOnlyList<string> Compute(IReadOnlyList<string> add, IReadOnlyList<string> drop, bool privileged, IReadOnlyList<string> available)
    {
        if (privileged) return available;
        if (add.Count == 0 && drop.Count == 0) return Default;

        var capDrop = Normalize(drop);
        var capAdd = Normalize(add);
        List<string> caps;
        if (capAdd.Contains(AllKeyword))
            caps = [.. available.Where(c => !capDrop.Contains(c))];
        else if (capDrop.Contains(AllKeyword))
            caps = [.. capAdd];
        else
        {
            caps = [.. Default.Where(c => !capDrop.Contains(c))];
            caps.AddRange(capAdd);
        }
        return [.. caps.Distinct(StringComparer.Ordinal)];
    }

    static List<string> Normalize(IReadOnlyList<string> names)
    {
        var result = new List<string>(names.Count);
        foreach (var raw in names)
        {
            var c = raw.ToUpperInvariant();
            if (c == AllKeyword)
            {
                result.Add(c);
                continue;
            }
            if (!c.StartsWith("CAP_", StringComparison.Ordinal)) c = "CAP_" + c;
            if (!All.Contains(c)) throw EngineException.Invalid($"unknown capability: \"{c}\"");
            result.Add(c);
        }
        return result;
    }
}
