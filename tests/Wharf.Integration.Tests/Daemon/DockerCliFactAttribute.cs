using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Daemon;

/// <summary>A fact that drives a real wharfd with the real docker CLI: needs root and the CLI; skipped with the reason otherwise.</summary>
public sealed class DockerCliFactAttribute : FactAttribute
{
    public DockerCliFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
            Skip = "needs root: a real wharfd mounts, chowns and runs containers (run the tests as root, e.g. via .ci/run)";
        else if (!File.Exists(DockerCli.Path))
            Skip = $"the docker CLI is not installed at {DockerCli.Path} (set WHARF_TEST_DOCKER to use another)";
    }
}
