using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Wharf.Architecture.Tests;

/// <summary>Reads an assembly's references from its metadata, without loading it.</summary>
internal static class AssemblyReferences
{
    public static string PathOf(string assembly) => Path.Combine(AppContext.BaseDirectory, assembly + ".dll");

    public static IReadOnlyList<string> Of(string assembly)
    {
        using var stream = File.OpenRead(PathOf(assembly));
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))];
    }
}
