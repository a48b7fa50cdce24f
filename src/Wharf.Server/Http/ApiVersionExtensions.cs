using Microsoft.AspNetCore.Http;
using Wharf.Api;

namespace Wharf.Server.Http;

/// <summary>Reads the request's API version, which the version middleware stored.</summary>
internal static class ApiVersionExtensions
{
    public static ApiVersion GetApiVersion(this HttpContext http) =>
        http.Features.Get<ApiVersionFeature>()?.Version ?? ApiVersion.Current;
}
