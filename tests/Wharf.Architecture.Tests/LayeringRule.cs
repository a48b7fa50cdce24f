namespace Wharf.Architecture.Tests;

/// <summary>
/// The one allow-list of STYLE.md's layering rule: which of our assemblies each assembly may reference.
/// Dependencies point down only: Api; Engine &lt;- Engine.Linux; Api, Engine &lt;- Server; everything but Client &lt;- wharfd; Api &lt;- Client.
/// </summary>
internal static class LayeringRule
{
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Wharf.Api"] = [],
        ["Wharf.Client"] = ["Wharf.Api"],
        ["Wharf.Engine"] = [],
        ["Wharf.Engine.Linux"] = ["Wharf.Engine"],
        ["Wharf.Server"] = ["Wharf.Api", "Wharf.Engine"],
        ["wharfd"] = ["Wharf.Api", "Wharf.Engine", "Wharf.Engine.Linux", "Wharf.Server"],
        ["wharf"] = ["Wharf.Api", "Wharf.Client"],
    };

    /// <summary>Assemblies that serve HTTP; every other one of ours must not reference ASP.NET Core.</summary>
    public static readonly IReadOnlySet<string> MayUseAspNetCore = new HashSet<string>(StringComparer.Ordinal) { "Wharf.Server", "wharfd" };

    /// <summary>Ours: the Wharf.* libraries and the two executables.</summary>
    public static bool IsOurs(string assembly) =>
        assembly.StartsWith("Wharf.", StringComparison.Ordinal) || assembly is "wharfd" or "wharf";

    public static bool IsAspNetCore(string assembly) => assembly.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);

    /// <summary>Every reference <paramref name="assembly"/> makes that the rule forbids, as readable lines.</summary>
    public static IReadOnlyList<string> Violations(string assembly, IEnumerable<string> references)
    {
        if (!Allowed.TryGetValue(assembly, out var allowed)) return [$"{assembly} has no entry in the layering allow-list"];
        var violations = new List<string>();
        foreach (var reference in references.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (IsOurs(reference) && !allowed.Contains(reference))
                violations.Add($"{assembly} -> {reference} is not allowed (allowed: {(allowed.Length == 0 ? "none of ours" : string.Join(", ", allowed))})");
            if (IsAspNetCore(reference) && !MayUseAspNetCore.Contains(assembly))
                violations.Add($"{assembly} -> {reference}: only the server and the daemon may use ASP.NET Core");
        }
        return violations;
    }
}
