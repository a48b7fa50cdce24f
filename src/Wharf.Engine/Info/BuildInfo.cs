using System.Reflection;
using System.Runtime.InteropServices;

namespace Wharf.Engine.Info;

/// <summary>
/// What the engine assembly says about its build: version, and the <c>GitCommit</c>/<c>BuildTime</c> assembly
/// metadata that release builds stamp (<c>-p:WharfGitCommit=… -p:WharfBuildTime=…</c>); "unknown" otherwise.
/// </summary>
internal sealed record BuildInfo(string Version, string GitCommit, string BuildTime)
{
    public static BuildInfo Of(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? informational : informational[..plus];
        var metadata = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var commit = metadata.GetValueOrDefault("GitCommit") is { Length: > 0 } c ? c
            : plus >= 0 ? informational[(plus + 1)..]   // SourceLink's "+<sha>" suffix
            : "unknown";
        var buildTime = metadata.GetValueOrDefault("BuildTime") is { Length: > 0 } t ? t : "unknown";
        return new BuildInfo(version, commit.Length > 7 ? commit[..7] : commit, buildTime);
    }

    /// <summary>The Go name of the process architecture (<c>amd64</c>, <c>arm64</c>…), as Docker reports it.</summary>
    public static string GoArch(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "386",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        _ => architecture.ToString().ToLowerInvariant(),
    };
}
