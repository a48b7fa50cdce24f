namespace Wharf.Api.Common;

/// <summary>A response that only carries the id of what was made.</summary>
public sealed record IdResponse(string Id);
