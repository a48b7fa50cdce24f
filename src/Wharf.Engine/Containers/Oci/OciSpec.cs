using System.Text.Json.Serialization;

namespace Wharf.Engine.Containers.Oci;

/// <summary>An OCI runtime-spec 1.0.2 <c>config.json</c>, the subset runc 1.1 reads for Docker-style containers.</summary>
public sealed record OciSpec
{
    public string OciVersion { get; init; } = "1.0.2-dev";
    public required OciProcess Process { get; init; }
    public required OciRoot Root { get; init; }
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public IReadOnlyList<OciMount> Mounts { get; init; } = [];
    public required OciLinux Linux { get; init; }
}

/// <summary>The container's (or an exec session's) process.</summary>
public sealed record OciProcess
{
    public bool Terminal { get; init; }
    public OciConsoleSize? ConsoleSize { get; init; }
    public required OciUser User { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string Cwd { get; init; } = "/";
    public OciCapabilities? Capabilities { get; init; }
    public IReadOnlyList<OciRlimit>? Rlimits { get; init; }
    public bool NoNewPrivileges { get; init; }
    public string? ApparmorProfile { get; init; }
    public int? OomScoreAdj { get; init; }
}

/// <summary>Initial terminal size.</summary>
public sealed record OciConsoleSize(uint Height, uint Width);

/// <summary>The numeric identity the process runs as.</summary>
public sealed record OciUser
{
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public IReadOnlyList<uint>? AdditionalGids { get; init; }
}

/// <summary>The capability sets; Docker sets bounding, effective and permitted alike and leaves inheritable empty.</summary>
public sealed record OciCapabilities
{
    public IReadOnlyList<string>? Bounding { get; init; }
    public IReadOnlyList<string>? Effective { get; init; }
    public IReadOnlyList<string>? Inheritable { get; init; }
    public IReadOnlyList<string>? Permitted { get; init; }
    public IReadOnlyList<string>? Ambient { get; init; }
}

/// <summary>A process resource limit (<c>RLIMIT_NOFILE</c>…).</summary>
public sealed record OciRlimit(string Type, ulong Hard, ulong Soft);

/// <summary>The root filesystem.</summary>
public sealed record OciRoot(string Path, bool Readonly = false);

/// <summary>One mount, in the order the runtime performs them.</summary>
public sealed record OciMount
{
    public required string Destination { get; init; }
    public required string Type { get; init; }
    public required string Source { get; init; }
    public IReadOnlyList<string> Options { get; init; } = [];
}

/// <summary>The Linux-specific part of the spec.</summary>
public sealed record OciLinux
{
    public IReadOnlyDictionary<string, string>? Sysctl { get; init; }
    public OciResources? Resources { get; init; }
    public string? CgroupsPath { get; init; }
    public IReadOnlyList<OciNamespace> Namespaces { get; init; } = [];
    public IReadOnlyList<OciDevice>? Devices { get; init; }
    public OciSeccomp? Seccomp { get; init; }
    public string? RootfsPropagation { get; init; }
    public IReadOnlyList<string>? MaskedPaths { get; init; }
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }
}

/// <summary>A namespace the container gets (a new one when <see cref="Path"/> is null).</summary>
public sealed record OciNamespace(string Type, string? Path = null);

/// <summary>A device node the runtime creates in the container's <c>/dev</c>.</summary>
public sealed record OciDevice
{
    public required string Path { get; init; }
    /// <summary><c>c</c>, <c>b</c>, <c>u</c> or <c>p</c>.</summary>
    public required string Type { get; init; }
    public long Major { get; init; }
    public long Minor { get; init; }
    public uint? FileMode { get; init; }
    public uint? Uid { get; init; }
    public uint? Gid { get; init; }
}

/// <summary>Cgroup limits.</summary>
public sealed record OciResources
{
    public IReadOnlyList<OciDeviceCgroup>? Devices { get; init; }
    public OciMemory? Memory { get; init; }
    public OciCpu? Cpu { get; init; }
    public OciPids? Pids { get; init; }
    [JsonPropertyName("blockIO")] public OciBlockIo? BlockIo { get; init; }
}

/// <summary>A device cgroup rule; null type/major/minor mean "all".</summary>
public sealed record OciDeviceCgroup
{
    public bool Allow { get; init; }
    public string? Type { get; init; }
    public long? Major { get; init; }
    public long? Minor { get; init; }
    public string? Access { get; init; }
}

/// <summary>Memory cgroup settings in bytes.</summary>
public sealed record OciMemory
{
    public long? Limit { get; init; }
    public long? Reservation { get; init; }
    public long? Swap { get; init; }
    public ulong? Swappiness { get; init; }
    [JsonPropertyName("disableOOMKiller")] public bool? DisableOomKiller { get; init; }
}

/// <summary>CPU cgroup settings.</summary>
public sealed record OciCpu
{
    public ulong? Shares { get; init; }
    public long? Quota { get; init; }
    public ulong? Period { get; init; }
    public string? Cpus { get; init; }
    public string? Mems { get; init; }
}

/// <summary>The pids cgroup limit.</summary>
public sealed record OciPids(long Limit);

/// <summary>Block I/O cgroup settings.</summary>
public sealed record OciBlockIo
{
    public ushort? Weight { get; init; }
}

/// <summary>The seccomp filter in OCI form.</summary>
public sealed record OciSeccomp
{
    public required string DefaultAction { get; init; }
    public uint? DefaultErrnoRet { get; init; }
    public IReadOnlyList<string>? Architectures { get; init; }
    public IReadOnlyList<string>? Flags { get; init; }
    public IReadOnlyList<OciSyscall>? Syscalls { get; init; }
}

/// <summary>One rule of a seccomp filter.</summary>
public sealed record OciSyscall
{
    public required IReadOnlyList<string> Names { get; init; }
    public required string Action { get; init; }
    public uint? ErrnoRet { get; init; }
    public IReadOnlyList<OciSeccompArg>? Args { get; init; }
}

/// <summary>An argument condition of a seccomp rule.</summary>
public sealed record OciSeccompArg
{
    public uint Index { get; init; }
    public ulong Value { get; init; }
    public ulong ValueTwo { get; init; }
    public required string Op { get; init; }
}
