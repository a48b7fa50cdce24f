namespace Wharf.Compat.Tests;

/// <summary>A path in a fresh temp directory, deleted with it on dispose.</summary>
internal sealed class TempFile(string name) : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("wharf-compat-");

    public string Path => System.IO.Path.Combine(_dir.FullName, name);

    public void Dispose()
    {
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }
}
