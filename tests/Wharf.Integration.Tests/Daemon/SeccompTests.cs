using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Daemon;

/// <summary>
/// Seccomp through a real wharfd and the docker CLI, beyond "a filter is on" (the engine test): the default profile
/// blocks a syscall that Docker's profile blocks too, <c>seccomp=unconfined</c> lets the same call reach the kernel, a
/// profile given as a file replaces the default (with its errno), and <c>--privileged</c> runs unconfined.
/// </summary>
public sealed class SeccompTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "seccomp:1";
    readonly DockerCli _docker = new(daemon.SocketPath);
    readonly TempDir _temp = new();

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess) return;
        if ((await _docker.RunAsync("image", "inspect", Image)).ExitCode != 0)
            await Busybox.ImportAsync(daemon.Client, "seccomp", "1", "CMD [\"sh\"]");
    }

    public Task DisposeAsync()
    {
        _docker.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// swapoff(2): both Docker's default profile and containers-common's block it whatever the capabilities. With
    /// CAP_SYS_ADMIN and no filter the kernel gets as far as the path (ENOENT, and nothing on the host changes);
    /// under the default profile the filter answers EPERM first.
    /// </summary>
    [DockerCliFact]
    public async Task Default_profile_blocks_swapoff_that_unconfined_lets_reach_the_kernel()
    {
        const string probe = "swapoff /no-such-swap-file 2>&1; echo rc=$?";

        var filtered = await RunAsync("--cap-add", "SYS_ADMIN", Image, "sh", "-c", probe);
        Assert.Contains("Operation not permitted", filtered);
        Assert.EndsWith("rc=1", filtered, StringComparison.Ordinal);

        var unconfined = await RunAsync("--cap-add", "SYS_ADMIN", "--security-opt", "seccomp=unconfined", Image, "sh", "-c", probe);
        Assert.Contains("No such file or directory", unconfined);

        // Without the capability the kernel refuses too: the test above needs --cap-add to tell the filter apart.
        Assert.Contains("Operation not permitted", await RunAsync("--security-opt", "seccomp=unconfined", Image, "sh", "-c", probe));
    }

    [DockerCliFact]
    public async Task A_profile_file_replaces_the_default_and_keeps_its_errno()
    {
        var profile = _temp.File("deny-mkdir.json");
        await File.WriteAllTextAsync(profile, """
            {"defaultAction": "SCMP_ACT_ALLOW",
             "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
            """);

        var output = await RunAsync("--security-opt", $"seccomp={profile}", Image, "sh", "-c",
            "mkdir /made 2>&1; grep '^Seccomp:' /proc/self/status; touch /file && echo touched");

        Assert.Equal("mkdir: can't create directory '/made': Permission denied\nSeccomp:\t2\ntouched", output);
    }

    [DockerCliFact]
    public async Task Privileged_runs_unconfined_and_the_default_is_filtered()
    {
        Assert.Equal("Seccomp:\t0", await RunAsync("--privileged", Image, "grep", "^Seccomp:", "/proc/self/status"));
        Assert.Equal("Seccomp:\t2", await RunAsync(Image, "grep", "^Seccomp:", "/proc/self/status"));
    }

    /// <summary><c>docker run --rm --network none ARGS</c>: the container's output (must exit 0).</summary>
    async Task<string> RunAsync(params string[] args) => Cli.Ok(await _docker.RunAsync(["run", "--rm", "--network", "none", .. args]));
}
