using Wharf.Cli.Tests.Run;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Integration;

/// <summary>run and exec against the real dockerd: the same output and exit codes as the docker CLI's for the same command.</summary>
public sealed partial class DockerdCompatTests
{
    const string RunImage = "compat/runbox:latest";

    static async Task LoadRunImageAsync(StreamCliRunner cli)
    {
        using var dir = new TempDirectory();
        var archive = Path.Combine(dir.Path, "runbox.tar");
        await DockerArchive.WriteAsync(archive, [await BusyboxRootfs.GetAsync()], [RunImage]);
        var load = await cli.RunAsync("load", "-i", archive);
        Assert.True(load.Code == 0, load.Err);
    }

    static Task<ProcessResult> DockerAsync(string socket, params string[] args) => ProcessRunner.RunAsync("docker", ["-H", $"unix://{socket}", .. args]);

    [DockerdFact]
    public async Task Run_rm_matches_the_docker_cli()
    {
        var dockerd = Dockerd.Instance.Value;
        using var cli = new StreamCliRunner(dockerd.SocketPath!);
        await LoadRunImageAsync(cli);
        string[] command = ["run", "--rm", RunImage, "sh", "-c", "echo out; echo err >&2; exit 3"];
        var ours = await cli.RunAsync(command);
        var theirs = await DockerAsync(dockerd.SocketPath!, command);
        Assert.Equal((theirs.ExitCode, theirs.Stdout), (ours.Code, ours.Out));
        Assert.Equal(3, ours.Code);
        Assert.EndsWith("err\n", ours.Err, StringComparison.Ordinal);

        var missing = await cli.RunAsync("run", "--rm", RunImage, "/no/such/binary");
        var theirMissing = await DockerAsync(dockerd.SocketPath!, "run", "--rm", RunImage, "/no/such/binary");
        Assert.Equal(theirMissing.ExitCode, missing.Code);
        Assert.Equal(theirMissing.Stderr.Replace("docker", "wharf", StringComparison.Ordinal), missing.Err);
    }

    [DockerdFact]
    public async Task Exec_matches_the_docker_cli()
    {
        var dockerd = Dockerd.Instance.Value;
        using var cli = new StreamCliRunner(dockerd.SocketPath!);
        await LoadRunImageAsync(cli);
        const string name = "compat-clirun-exec";
        try
        {
            var run = await cli.RunAsync("run", "-d", "--name", name, RunImage, "sleep", "300");
            Assert.True(run.Code == 0, run.Err);
            foreach (var args in (string[][])[
                ["exec", "-e", "X=from-e", "-w", "/tmp", "-u", "65534", name, "sh", "-c", "echo $X $(pwd) $(id -u); echo err >&2; exit 5"],
                ["exec", name, "/no/such/binary"],
                ["exec", name, "true"]])
            {
                var ours = await cli.RunAsync(args);
                var theirs = await DockerAsync(dockerd.SocketPath!, args);
                Assert.Equal((theirs.ExitCode, theirs.Stdout, theirs.Stderr), (ours.Code, ours.Out, ours.Err));
            }
        }
        finally
        {
            await DockerAsync(dockerd.SocketPath!, "rm", "-f", name);
        }
    }
}
