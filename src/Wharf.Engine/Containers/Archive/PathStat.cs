namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// What <c>HEAD /containers/{id}/archive</c> says of a path: its base name as asked, size, Go <c>os.FileMode</c> bits
/// (<see cref="GoFileMode"/>), modification time and, for a symbolic link, where it leads inside the container.
/// </summary>
public sealed record PathStat(string Name, long Size, uint Mode, DateTimeOffset Mtime, string LinkTarget)
{
    public bool IsDirectory => (Mode & GoFileMode.Dir) != 0;
    public bool IsSymlink => (Mode & GoFileMode.Symlink) != 0;
}
