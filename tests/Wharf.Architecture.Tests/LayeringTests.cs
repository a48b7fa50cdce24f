using System.Xml.Linq;

namespace Wharf.Architecture.Tests;

public sealed class LayeringTests
{
    public static TheoryData<string> Assemblies => [.. LayeringRule.Allowed.Keys];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void References_follow_the_layering_rule(string assembly)
    {
        Assert.True(File.Exists(AssemblyReferences.PathOf(assembly)),
            $"{assembly}.dll is not in the test output; add a ProjectReference to it in Wharf.Architecture.Tests.csproj");
        Assert.Empty(LayeringRule.Violations(assembly, AssemblyReferences.Of(assembly)));
    }

    [Fact]
    public void Engine_references_no_aspnetcore_assembly()
    {
        Assert.DoesNotContain(AssemblyReferences.Of("Wharf.Engine"), r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_project_under_src_is_in_the_allow_list()
    {
        var missing = SourceAssemblies().Where(a => !LayeringRule.Allowed.ContainsKey(a)).ToList();
        Assert.True(missing.Count == 0, $"add these assemblies to LayeringRule.Allowed: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_rule_catches_upward_and_forbidden_references()
    {
        Assert.Equal(["Wharf.Engine -> Wharf.Server is not allowed (allowed: none of ours)"], LayeringRule.Violations("Wharf.Engine", ["System.Runtime", "Wharf.Server"]));
        Assert.Equal(["wharfd -> Wharf.Client is not allowed (allowed: Wharf.Api, Wharf.Engine, Wharf.Engine.Linux, Wharf.Server)"],
            LayeringRule.Violations("wharfd", ["Wharf.Server", "Wharf.Client"]));
        Assert.Equal(["Wharf.Engine.Linux -> Microsoft.AspNetCore.Http: only the server and the daemon may use ASP.NET Core"],
            LayeringRule.Violations("Wharf.Engine.Linux", ["Wharf.Engine", "Microsoft.AspNetCore.Http"]));
        Assert.Equal(["Wharf.Cli has no entry in the layering allow-list"], LayeringRule.Violations("Wharf.Cli", []));
        Assert.Empty(LayeringRule.Violations("wharfd", ["Wharf.Server", "Wharf.Engine.Linux", "Microsoft.AspNetCore.Hosting"]));
    }

    /// <summary>The assembly name of every project in src/, found from the repository root above the test output.</summary>
    static IEnumerable<string> SourceAssemblies()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Wharf.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        foreach (var project in Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var name = XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault();
            yield return string.IsNullOrEmpty(name) ? Path.GetFileNameWithoutExtension(project) : name;
        }
    }
}
