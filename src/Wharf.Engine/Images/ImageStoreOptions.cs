namespace Wharf.Engine.Images;

/// <summary>Where the image store keeps its files: <c>content/</c>, <c>overlay2/</c> and <c>tmp/</c> under <see cref="DataRoot"/>.</summary>
public sealed record ImageStoreOptions(string DataRoot);
