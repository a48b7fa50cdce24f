namespace Wharf.Api.Images;

/// <summary>The body of <c>POST /images/prune</c>; <c>ImagesDeleted</c> is null when nothing was removed.</summary>
public sealed record ImagePruneResponse(IReadOnlyList<ImageDeleteResponseItem>? ImagesDeleted, long SpaceReclaimed);
