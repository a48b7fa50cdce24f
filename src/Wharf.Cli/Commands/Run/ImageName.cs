namespace Wharf.Cli.Commands.Run;

/// <summary>
/// An image reference as the docker CLI normalizes it for a pull: <c>busybox</c> is <c>docker.io/library/busybox</c>
/// with tag <c>latest</c>; <see cref="Familiar"/> is what "Unable to find image '…' locally" shows.
/// </summary>
internal sealed record ImageName(string Repository, string Tag, string Familiar)
{
    public static ImageName Parse(string reference)
    {
        var name = reference;
        string? digest = null;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
        }
        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/')) // a colon before the last slash belongs to a registry's port
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
        }
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : name[..slash];
        var hasDomain = slash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost");
        var repository = hasDomain ? name : slash < 0 ? $"docker.io/library/{name}" : $"docker.io/{name}";
        var apiTag = digest ?? tag ?? "latest";
        var familiarName = repository.StartsWith("docker.io/library/", StringComparison.Ordinal) ? repository["docker.io/library/".Length..]
            : repository.StartsWith("docker.io/", StringComparison.Ordinal) ? repository["docker.io/".Length..] : repository;
        var familiar = digest is not null ? $"{familiarName}@{digest}" : $"{familiarName}:{tag ?? "latest"}";
        return new ImageName(repository, apiTag, familiar);
    }
}
