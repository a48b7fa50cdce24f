using System.Reflection;

namespace Wharf.Daemon.Cli;

/// <summary>The daemon's version and build (git commit) from the assembly's informational version, <c>0.1.0+&lt;sha&gt;</c>.</summary>
internal static class VersionInfo
{
    static readonly string Informational =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Version => Informational.Split('+')[0];

    /// <summary>The short commit the SDK appends after <c>+</c>, or <c>unknown</c> when built outside git.</summary>
    public static string Build
    {
        get
        {
            var plus = Informational.IndexOf('+', StringComparison.Ordinal);
            if (plus < 0) return "unknown";
            var commit = Informational[(plus + 1)..];
            return commit.Length > 7 ? commit[..7] : commit;
        }
    }

    /// <summary>dockerd's <c>--version</c> line, with our name.</summary>
    public static string Line => $"Wharf version {Version}, build {Build}";
}
