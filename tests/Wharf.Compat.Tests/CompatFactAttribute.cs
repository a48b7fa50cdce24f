using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>A fact that drives a real wharfd with a third-party client: needs root and that client installed; skipped with the reason otherwise.</summary>
public sealed class CompatFactAttribute : FactAttribute
{
    public CompatFactAttribute(ThirdPartyClient client = ThirdPartyClient.DockerCli)
    {
        if (!Environment.IsPrivilegedProcess)
            Skip = "needs root: a real wharfd unpacks layers with their owners and device nodes (run the tests as root, e.g. via .ci/run)";
        else if (client == ThirdPartyClient.DockerCli && !File.Exists(DockerCli.Path))
            Skip = $"the docker CLI is not installed at {DockerCli.Path} (set WHARF_TEST_DOCKER to use another)";
        else if (client == ThirdPartyClient.DockerPy && !File.Exists(DockerPy.ModuleInit))
            Skip = $"docker-py is not installed ({DockerPy.ModuleInit} is missing): apt-get install python3-docker";
    }
}

/// <summary>Which third-party client a compatibility test needs.</summary>
public enum ThirdPartyClient
{
    DockerCli,
    DockerPy,
}
