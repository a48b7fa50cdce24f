using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Remote;

/// <summary>Runs the wharf CLI (<c>dotnet wharf.dll</c> from the test's output) as a user would, with an empty config directory.</summary>
internal sealed class WharfCliProcess : IDisposable
{
    readonly DirectoryInfo _config = Directory.CreateTempSubdirectory("wharf-cli-config-");

    public Task<ProcessResult> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "wharf.dll");
        var env = new Dictionary<string, string?>
        {
            ["WHARF_CONFIG"] = _config.FullName,
            ["DOCKER_CONFIG"] = _config.FullName,
            ["WHARF_HOST"] = null, ["DOCKER_HOST"] = null, ["WHARF_CONTEXT"] = null, ["DOCKER_CONTEXT"] = null,
            ["WHARF_TLS_VERIFY"] = null, ["DOCKER_TLS_VERIFY"] = null, ["WHARF_CERT_PATH"] = null, ["DOCKER_CERT_PATH"] = null,
        };
        return ProcessRunner.RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll, .. args], env);
    }

    public void Dispose()
    {
        try { _config.Delete(recursive: true); } catch (IOException) { }
    }
}
