namespace Wharf.Engine.Volumes;

/// <summary>
/// One volume (or, through <c>VolumesFrom</c>, inherited bind) mount of a container, as the volume store keeps it:
/// what container inspect shows under <c>Mounts</c> and what the bundle bind-mounts.
/// </summary>
public sealed record ContainerMount
{
    public required string Destination { get; init; }
    /// <summary><c>volume</c> or <c>bind</c>.</summary>
    public required string Type { get; init; }
    /// <summary>The volume's name; empty for a bind.</summary>
    public string Name { get; init; } = "";
    /// <summary>The host path: the volume's mountpoint, or the bind's source.</summary>
    public required string Source { get; init; }
    /// <summary><c>local</c> for a volume, empty for a bind.</summary>
    public string Driver { get; init; } = "";
    public bool ReadWrite { get; init; } = true;
    /// <summary>The mode text as dockerd shows it (<c>z</c> for <c>-v name:/path</c>, the given mode, or empty).</summary>
    public string Mode { get; init; } = "";
    /// <summary>Empty for volumes; a bind's propagation (<c>rprivate</c> by default).</summary>
    public string Propagation { get; init; } = "";
    /// <summary>The image's content at <see cref="Destination"/> is still to be copied into the (empty) volume on the first start.</summary>
    public bool CopyUp { get; init; }
}
