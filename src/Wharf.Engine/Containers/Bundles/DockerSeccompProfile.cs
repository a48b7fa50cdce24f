using System.Text.Json.Serialization;

namespace Wharf.Engine.Containers.Bundles;

/// <summary>
/// A seccomp profile in Docker's format (the one <c>--security-opt seccomp=file.json</c> and the distribution's
/// <c>/usr/share/containers/seccomp.json</c> use): rules carry includes/excludes by capability, arch and kernel.
/// </summary>
internal sealed record DockerSeccompProfile
{
    public string DefaultAction { get; init; } = "";
    public uint? DefaultErrnoRet { get; init; }
    public List<string>? Architectures { get; init; }
    public List<DockerSeccompArch>? ArchMap { get; init; }
    public List<DockerSeccompSyscall>? Syscalls { get; init; }
    public List<string>? Flags { get; init; }
}

/// <summary>A native seccomp architecture and the sub-architectures a process on it may also use.</summary>
internal sealed record DockerSeccompArch
{
    public string Architecture { get; init; } = "";
    public List<string>? SubArchitectures { get; init; }
}

/// <summary>One rule of a Docker profile.</summary>
internal sealed record DockerSeccompSyscall
{
    public string? Name { get; init; }
    public List<string>? Names { get; init; }
    public string Action { get; init; } = "";
    public uint? ErrnoRet { get; init; }
    public List<DockerSeccompArg>? Args { get; init; }
    public DockerSeccompFilter? Includes { get; init; }
    public DockerSeccompFilter? Excludes { get; init; }
}

/// <summary>An argument condition.</summary>
internal sealed record DockerSeccompArg
{
    public uint Index { get; init; }
    public ulong Value { get; init; }
    public ulong ValueTwo { get; init; }
    public string Op { get; init; } = "";
}

/// <summary>When a rule applies: Go arch names, capabilities, minimum kernel.</summary>
internal sealed record DockerSeccompFilter
{
    public List<string>? Arches { get; init; }
    public List<string>? Caps { get; init; }
    public string? MinKernel { get; init; }
}

/// <summary>Source-generated reader for Docker-format profiles.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DockerSeccompProfile))]
internal sealed partial class DockerSeccompJson : JsonSerializerContext;
