using System.Reflection;
using Microsoft.AspNetCore.Http;
using Wharf.Api;

namespace Wharf.Server.Http;

/// <summary>The headers dockerd puts on every non-hijacked response, errors included.</summary>
internal static class ServerHeaders
{
    /// <summary><c>Wharf/0.1.0 (linux)</c>: the product version without build metadata.</summary>
    public static string ServerValue { get; } = $"Wharf/{ProductVersion()} (linux)";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers["Api-Version"] = ApiVersion.Current.ToString();
        headers["Docker-Experimental"] = "false";
        headers["Ostype"] = "linux";
        headers.Server = ServerValue;
    }

    static string ProductVersion()
    {
        var assembly = typeof(ServerHeaders).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
