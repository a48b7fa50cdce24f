using System.Collections.ObjectModel;
using Wharf.Engine.Images;

namespace Wharf.Engine.Containers;

/// <summary>One container as the store keeps it: identity, the merged create spec, where its files live, and its state.</summary>
public sealed record ContainerRecord
{
    public required ContainerId Id { get; init; }
    /// <summary>Without the leading slash.</summary>
    public required string Name { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required Digest ImageId { get; init; }
    /// <summary>The image as the user named it (<c>busybox</c>).</summary>
    public required string ImageName { get; init; }
    /// <summary>The create spec after merging the image's run defaults.</summary>
    public required ContainerCreateSpec Spec { get; init; }
    public required ContainerPaths Paths { get; init; }
    public ContainerState State { get; init; } = new();

    public IReadOnlyDictionary<string, string> Labels => Spec.Config.Labels ?? (IReadOnlyDictionary<string, string>)ReadOnlyDictionary<string, string>.Empty;
}

/// <summary>A container's directories: its own (<c>&lt;data-root&gt;/containers/&lt;id&gt;</c>), its state (<c>&lt;exec-root&gt;/containers/&lt;id&gt;</c>) and its log.</summary>
public sealed record ContainerPaths(string ContainerDir, string StateDir, string LogPath)
{
    public string BundleDir => Path.Combine(StateDir, "bundle");

    public static ContainerPaths For(ContainerOptions options, ContainerId id)
    {
        var dir = Path.Combine(options.DataRoot, "containers", id.Value);
        return new ContainerPaths(dir, Path.Combine(options.ExecRoot, "containers", id.Value), Path.Combine(dir, "container.log"));
    }
}
