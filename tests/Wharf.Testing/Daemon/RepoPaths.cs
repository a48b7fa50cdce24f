namespace Wharf.Testing.Daemon;

/// <summary>Finds files of the repository from a test's output directory.</summary>
public static class RepoPaths
{
    /// <summary>The directory holding Wharf.slnx, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Wharf.slnx above {AppContext.BaseDirectory}");
    }
}
