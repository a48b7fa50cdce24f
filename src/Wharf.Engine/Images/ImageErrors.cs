namespace Wharf.Engine.Images;

/// <summary>dockerd's error texts for images, in one place (the docker CLI prints them verbatim).</summary>
internal static class ImageErrors
{
    /// <summary><c>No such image: busybox:latest</c> (delete, history, tag, run).</summary>
    public static EngineException NoSuchImage(string familiar) => EngineException.NotFound($"No such image: {familiar}");

    /// <summary><c>GET /images/{name}/json</c> wraps the same text once more, as dockerd 20.10 does.</summary>
    public static EngineException NoSuchImageInspect(string input, string familiar) =>
        EngineException.NotFound($"no such image: {input}: No such image: {familiar}");

    public static EngineException ReferenceDoesNotExist() => EngineException.NotFound("reference does not exist");

    public static EngineException UnableToDelete(Digest id, bool hard, string reason) =>
        EngineException.Conflict($"conflict: unable to delete {id.Short} ({(hard ? "cannot be forced" : "must be forced")}) - {reason}");

    public static EngineException UnableToRemoveReference(string reference, string containerId, Digest id) =>
        EngineException.Conflict($"conflict: unable to remove repository reference \"{reference}\" (must force) - container {Short(containerId)} is using its referenced image {id.Short}");

    public static string Short(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;
}
