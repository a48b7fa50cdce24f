using Wharf.Engine.Images;

namespace Wharf.Engine.Containers.Bundles;

/// <summary>Turns a container's create spec and its image into an OCI bundle (<c>config.json</c>) and exec process specs.</summary>
public interface IBundleBuilder
{
    /// <summary>
    /// Writes <c>config.json</c> into the bundle directory, and the per-container <c>hostname</c>, <c>hosts</c> and
    /// <c>resolv.conf</c> files it bind-mounts. Resolves the user from the rootfs' <c>/etc/passwd</c> and
    /// <c>/etc/group</c>; an unknown user is an InvalidArgument error with Docker's wording.
    /// </summary>
    Task WriteBundleAsync(BundleRequest request, CancellationToken ct);

    /// <summary>
    /// Points a running container's <c>/etc/resolv.conf</c> at the embedded name server (it joined a user-defined
    /// network); the file is rewritten in place, since the container sees it through a bind mount of that inode.
    /// </summary>
    Task UseEmbeddedDnsAsync(BundleRequest request, CancellationToken ct);

    /// <summary>Writes the OCI <c>process</c> JSON of an exec session to <paramref name="path"/>.</summary>
    Task WriteExecProcessAsync(ExecProcessRequest request, string path, CancellationToken ct);
}

/// <summary>Everything a bundle is made from.</summary>
public sealed record BundleRequest
{
    public required ContainerId Id { get; init; }
    /// <summary>The container's name without the leading slash.</summary>
    public required string Name { get; init; }
    public required ContainerCreateSpec Spec { get; init; }
    public required ImageConfigFile Image { get; init; }
    /// <summary>The mounted root filesystem (the overlay's merged directory).</summary>
    public required string RootfsPath { get; init; }
    /// <summary>Where <c>config.json</c> goes.</summary>
    public required string BundleDir { get; init; }
    /// <summary>The container's own directory for <c>hosts</c>, <c>hostname</c>, <c>resolv.conf</c>.</summary>
    public required string ContainerDir { get; init; }
    /// <summary>The cgroup path under each controller (cgroupfs), e.g. <c>/wharf/&lt;id&gt;</c>.</summary>
    public required string CgroupsPath { get; init; }
    /// <summary>The container's own address on its network, for its <c>/etc/hosts</c> line; null when it has none (yet).</summary>
    public string? IPAddress { get; init; }
    /// <summary>The network namespace to join (made by the network layer, or another container's); null makes a new empty one.</summary>
    public string? NetworkNamespacePath { get; init; }
    /// <summary>Whether <c>/etc/resolv.conf</c> names the embedded name server (a user-defined network).</summary>
    public bool EmbeddedDns { get; init; }
    /// <summary>Volume mounts (bind mounts of the volumes' directories), resolved by the volume layer at start.</summary>
    public IReadOnlyList<Oci.OciMount> VolumeMounts { get; init; } = [];
}

/// <summary>An exec session's process: command, environment, user, working directory, TTY, privileges.</summary>
public sealed record ExecProcessRequest
{
    public required BundleRequest Container { get; init; }
    public required IReadOnlyList<string> Cmd { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string User { get; init; } = "";
    public string WorkingDir { get; init; } = "";
    public bool Tty { get; init; }
    public bool Privileged { get; init; }
    public (ushort Height, ushort Width)? ConsoleSize { get; init; }
}
