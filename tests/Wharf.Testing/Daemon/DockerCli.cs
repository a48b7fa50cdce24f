namespace Wharf.Testing.Daemon;

/// <summary>The real docker CLI pointed at one daemon socket, with its own empty config directory.</summary>
public sealed class DockerCli : IDisposable
{
    /// <summary>Where the CLI is installed on our machines; WHARF_TEST_DOCKER overrides it.</summary>
    public static string Path { get; } = System.Environment.GetEnvironmentVariable("WHARF_TEST_DOCKER") ?? "/usr/local/bin/docker";

    readonly DirectoryInfo _config = Directory.CreateTempSubdirectory("wharf-docker-config-");

    public DockerCli(string socketPath) => Environment = new Dictionary<string, string?>
    {
        ["DOCKER_HOST"] = $"unix://{socketPath}",
        ["DOCKER_CONFIG"] = _config.FullName,
        ["DOCKER_CONTEXT"] = null,
        ["DOCKER_API_VERSION"] = null,
        ["DOCKER_TLS_VERIFY"] = null,
        ["DOCKER_CERT_PATH"] = null,
        ["DOCKER_CLI_HINTS"] = "false",
    };

    /// <summary>The variables every invocation gets (null removes one).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public Task<ProcessResult> RunAsync(params string[] args) => ProcessRunner.RunAsync(Path, args, Environment);

    public Task<ProcessResult> RunWithStdinAsync(string stdinFile, params string[] args)
        => ProcessRunner.RunAsync(Path, args, Environment, stdinFile);

    /// <summary>Runs a bash pipeline (e.g. <c>docker save x | docker load</c>) with this CLI's environment; <c>docker</c> means this CLI.</summary>
    public Task<ProcessResult> ShellAsync(string script)
    {
        var env = new Dictionary<string, string?>(Environment) { ["DOCKER"] = Path };
        return ProcessRunner.RunAsync("bash", ["-o", "pipefail", "-c", script.Replace("docker ", "\"$DOCKER\" ", StringComparison.Ordinal)], env);
    }

    public void Dispose()
    {
        try { _config.Delete(recursive: true); } catch (IOException) { }
    }
}
