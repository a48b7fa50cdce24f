namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// A container's files from outside (<c>docker cp</c>): stat a path, read it as tar, extract a tar into a directory. Paths
/// resolve inside the container's root (links followed with the root as <c>/</c>); running or not.
/// </summary>
public interface IContainerArchive
{
    /// <summary>The path's stat; 404 "Could not find the file ..." when it does not exist.</summary>
    Task<PathStat> StatAsync(string name, string path, CancellationToken ct);

    /// <summary>The path's stat and its tar, to be written while the result is held; dispose it whatever happens.</summary>
    Task<ContainerPathArchive> GetAsync(string name, string path, CancellationToken ct);

    /// <summary>Extracts <paramref name="tar"/> into the directory <paramref name="path"/>.</summary>
    Task PutAsync(string name, string path, ExtractOptions options, Stream tar, CancellationToken ct);
}

/// <summary><c>noOverwriteDirNonDir</c> and <c>copyUIDGID</c> of <c>PUT /containers/{id}/archive</c>.</summary>
public sealed record ExtractOptions(bool NoOverwriteDirNonDir, bool CopyUidGid);
