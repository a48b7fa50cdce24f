using Wharf.Api;

namespace Wharf.Server.Http;

/// <summary>The API version a request asked for with its <c>/vX.Y</c> prefix (the current version when it had none).</summary>
internal sealed record ApiVersionFeature(ApiVersion Version);
