namespace Wharf.Engine.Containers.Bundles;

/// <summary>The host's device nodes: what <c>--device</c> names and what a privileged container gets.</summary>
public interface IHostDevices
{
    /// <summary>The device at <paramref name="path"/> (symlinks followed); null when the path exists but is not a device node.</summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    HostDevice? Find(string path);

    /// <summary>Every device node under <c>/dev</c>, as dockerd lists them for privileged containers.</summary>
    IReadOnlyList<HostDevice> All();
}

/// <summary>A host device node: <c>c</c> or <c>b</c>, its numbers and its permission bits.</summary>
public sealed record HostDevice(string Path, string Type, long Major, long Minor, uint FileMode, uint Uid = 0, uint Gid = 0);
