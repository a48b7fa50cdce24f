namespace Wharf.Engine.Volumes;

/// <summary>
/// The host side of local volumes: mounting DriverOpts volumes (tmpfs, binds, devices) and copying an image's
/// content into a new volume. Engine.Linux implements it; tests use a fake.
/// </summary>
public interface IVolumeHost
{
    /// <summary>Mounts <paramref name="device"/> of <paramref name="type"/> with options <paramref name="options"/> on <paramref name="target"/> (<c>mount -t type -o options device target</c>).</summary>
    Task MountAsync(string type, string device, string options, string target, CancellationToken ct);

    /// <summary>Unmounts <paramref name="target"/>; nothing mounted there is not an error.</summary>
    Task UnmountAsync(string target, CancellationToken ct);

    /// <summary>Copies the content of directory <paramref name="source"/> into <paramref name="destination"/>, keeping owners, modes, times, symlinks and xattrs.</summary>
    Task CopyUpAsync(string source, string destination, CancellationToken ct);
}
