using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>Runs a Python script with Debian's python3 and python3-docker (docker-py 5.x), never a virtualenv's.</summary>
internal static class DockerPy
{
    public const string Python = "/usr/bin/python3";
    public const string ModuleInit = "/usr/lib/python3/dist-packages/docker/__init__.py";

    public static Task<ProcessResult> RunAsync(string script, params string[] args)
        => ProcessRunner.RunAsync(Python, ["-c", script, .. args], new Dictionary<string, string?>
        {
            ["DOCKER_HOST"] = null,
            ["DOCKER_CONFIG"] = null,
            ["PYTHONPATH"] = null,
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        });
}
