using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Remote;

/// <summary>A fact that runs a real wharfd and a private sshd: needs root and openssh-server (and the docker CLI when asked); skipped with the reason otherwise.</summary>
public sealed class SshFactAttribute : FactAttribute
{
    public SshFactAttribute(bool dockerCli = false)
    {
        if (!Environment.IsPrivilegedProcess)
            Skip = "needs root: a real wharfd runs containers, and sshd logs in as root (run the tests as root, e.g. via .ci/run)";
        else if (!File.Exists(SshTestServer.SshdPath))
            Skip = $"{SshTestServer.SshdPath} is missing: install openssh-server (scripts/prereqs.sh does)";
        else if (dockerCli && !File.Exists(DockerCli.Path))
            Skip = $"the docker CLI is not installed at {DockerCli.Path} (set WHARF_TEST_DOCKER to use another)";
    }
}
