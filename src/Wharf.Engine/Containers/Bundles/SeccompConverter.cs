using System.Text.Json;
using Wharf.Engine.Containers.Oci;

namespace Wharf.Engine.Containers.Bundles;

/// <summary>
/// Turns a Docker-format seccomp profile into the OCI <c>linux.seccomp</c> a runtime loads, keeping only the
/// rules that apply to this container's capabilities, the host architecture and the running kernel (as
/// dockerd's profile loader does).
/// </summary>
internal static class SeccompConverter
{
    /// <summary>Go's architecture names to libseccomp's native architecture.</summary>
    static readonly Dictionary<string, string> NativeArch = new(StringComparer.Ordinal)
    {
        ["amd64"] = "SCMP_ARCH_X86_64",
        ["386"] = "SCMP_ARCH_X86",
        ["arm64"] = "SCMP_ARCH_AARCH64",
        ["arm"] = "SCMP_ARCH_ARM",
        ["ppc64le"] = "SCMP_ARCH_PPC64LE",
        ["s390x"] = "SCMP_ARCH_S390X",
        ["riscv64"] = "SCMP_ARCH_RISCV64",
        ["mips64le"] = "SCMP_ARCH_MIPSEL64",
        ["loong64"] = "SCMP_ARCH_LOONGARCH64",
    };

    public static DockerSeccompProfile Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, DockerSeccompJson.Default.DockerSeccompProfile)
                ?? throw EngineException.Invalid("Decoding seccomp profile failed: profile is null");
        }
        catch (JsonException e)
        {
            throw EngineException.Invalid($"Decoding seccomp profile failed: {e.Message}");
        }
    }

    /// <param name="capabilities">The container's bounding set (<c>CAP_…</c>).</param>
    /// <param name="goArch">The host architecture in Go's naming (<c>amd64</c>, <c>arm64</c>…).</param>
    /// <param name="kernel">The running kernel's version.</param>
    public static OciSeccomp Convert(DockerSeccompProfile profile, IReadOnlyCollection<string> capabilities, string goArch, Version kernel)
    {
        if (profile.Architectures is { Count: > 0 } && profile.ArchMap is { Count: > 0 })
            throw EngineException.Invalid("'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'");

        List<string>? arches = profile.Architectures is { Count: > 0 } ? [.. profile.Architectures] : null;
        if (profile.ArchMap is { Count: > 0 } && NativeArch.TryGetValue(goArch, out var native))
        {
            foreach (var a in profile.ArchMap.Where(a => a.Architecture == native))
            {
                arches ??= [];
                arches.Add(a.Architecture);
                arches.AddRange(a.SubArchitectures ?? []);
            }
        }

        var syscalls = new List<OciSyscall>();
        foreach (var call in profile.Syscalls ?? [])
        {
            if (!Applies(call, capabilities, goArch, kernel)) continue;
            if (!string.IsNullOrEmpty(call.Name) && call.Names is { Count: > 0 })
                throw EngineException.Invalid("use either 'name' or 'names'");
            IReadOnlyList<string> names = !string.IsNullOrEmpty(call.Name) ? [call.Name] : call.Names ?? [];
            syscalls.Add(new OciSyscall
            {
                Names = names,
                Action = call.Action,
                ErrnoRet = call.ErrnoRet,
                Args = call.Args is { Count: > 0 }
                    ? [.. call.Args.Select(a => new OciSeccompArg { Index = a.Index, Value = a.Value, ValueTwo = a.ValueTwo, Op = a.Op })]
                    : null,
            });
        }

        return new OciSeccomp
        {
            DefaultAction = profile.DefaultAction,
            DefaultErrnoRet = profile.DefaultErrnoRet,
            Architectures = arches,
            Flags = profile.Flags is { Count: > 0 } ? profile.Flags : null,
            Syscalls = syscalls,
        };
    }

    static bool Applies(DockerSeccompSyscall call, IReadOnlyCollection<string> caps, string goArch, Version kernel)
    {
        var ex = call.Excludes;
        if (ex is not null)
        {
            if (ex.Arches is { Count: > 0 } && ex.Arches.Contains(goArch)) return false;
            if (ex.Caps is { Count: > 0 } && ex.Caps.Any(caps.Contains)) return false;
            if (ex.MinKernel is { Length: > 0 } && kernel >= ParseKernel(ex.MinKernel)) return false;
        }
        var inc = call.Includes;
        if (inc is not null)
        {
            if (inc.Arches is { Count: > 0 } && !inc.Arches.Contains(goArch)) return false;
            // Every listed capability must be held, not just one.
            if (inc.Caps is { Count: > 0 } && !inc.Caps.All(caps.Contains)) return false;
            if (inc.MinKernel is { Length: > 0 } && kernel < ParseKernel(inc.MinKernel)) return false;
        }
        return true;
    }

    static Version ParseKernel(string s)
    {
        var parts = s.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], out var major) || !int.TryParse(parts[1], out var minor))
            throw EngineException.Invalid($"invalid kernel version: {s}");
        return new Version(major, minor);
    }
}
