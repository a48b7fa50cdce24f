using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Integration;

/// <summary>Every image and system command against a real wharfd (root only: the daemon unpacks layers with their owners).</summary>
public sealed class WharfdCommandTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>
{
    [RootFact]
    public async Task The_image_lifecycle_through_the_cli()
    {
        using var cli = new CliRunner(daemon.SocketPath);
        using var dir = new TempDirectory();
        var archive = Path.Combine(dir.Path, "busybox.tar");
        var info = await DockerArchive.WriteAsync(archive, [await BusyboxRootfs.GetAsync()], ["clitest/busybox:latest"]);
        var shortId = info.ImageId["sha256:".Length..][..12];

        var load = await cli.RunAsync("load", "-i", archive);
        Assert.True(load.Code == 0, load.Err);
        Assert.Equal("Loaded image: clitest/busybox:latest\n", load.Out);

        Assert.Equal(0, (await cli.RunAsync("tag", "clitest/busybox", "clitest/busybox:v2")).Code);

        var images = await cli.RunAsync("images", "clitest/busybox");
        Assert.True(images.Code == 0, images.Err);
        var lines = images.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^REPOSITORY {8}TAG {7}IMAGE ID {7}CREATED +SIZE$", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Matches($@"^clitest/busybox   (latest|v2    )    {shortId}   .+ ago +\d+(\.\d+)?[kMG]?B$", l));

        var quiet = await cli.RunAsync("image", "ls", "-q", "--filter", "reference=clitest/*");
        Assert.Equal($"{shortId}\n{shortId}\n", quiet.Out);

        var inspect = await cli.RunAsync("image", "inspect", "-f", "{{.Id}} {{index .RepoTags 0}}", "clitest/busybox:latest");
        Assert.StartsWith(info.ImageId + " clitest/busybox:", inspect.Out, StringComparison.Ordinal);

        var history = await cli.RunAsync("history", "--format", "{{.ID}}|{{.Size}}", "clitest/busybox");
        Assert.Equal(0, history.Code);
        Assert.StartsWith(shortId + "|", history.Out, StringComparison.Ordinal);

        var saved = Path.Combine(dir.Path, "saved.tar");
        Assert.Equal(0, (await cli.RunAsync("save", "-o", saved, "clitest/busybox:v2")).Code);
        Assert.True(new FileInfo(saved).Length > 1024 * 1024);

        var imported = await cli.RunAsync("import", "-c", "CMD [\"sh\"]", "-m", "from the cli", await BusyboxRootfs.GetAsync(), "clitest/imported:1");
        Assert.True(imported.Code == 0, imported.Err);
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", imported.Out);
        var comment = await cli.RunAsync("history", "--format", "{{.Comment}}", "clitest/imported:1");
        Assert.Equal("from the cli\n", comment.Out);

        var df = await cli.RunAsync("system", "df");
        Assert.Matches(@"^TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE\nImages +\d+ +0 +", df.Out);

        var rmi = await cli.RunAsync("rmi", "clitest/busybox:v2", "clitest/imported:1", "clitest/nope");
        Assert.Equal(1, rmi.Code);
        Assert.Contains("Untagged: clitest/busybox:v2\n", rmi.Out, StringComparison.Ordinal);
        Assert.Contains("Untagged: clitest/imported:1\nDeleted: sha256:", rmi.Out, StringComparison.Ordinal);
        Assert.Equal("Error response from daemon: No such image: clitest/nope:latest\n", rmi.Err);

        var events = await cli.RunAsync("events", "--since", "5m", "--until", "-2s", "--filter", "type=image", "--format", "{{.Type}} {{.Action}}");
        Assert.Contains("image load", events.Out, StringComparison.Ordinal);
        Assert.Contains("image tag", events.Out, StringComparison.Ordinal);
        Assert.Contains("image untag", events.Out, StringComparison.Ordinal);

        var prune = await cli.RunAsync("image", "prune", "-f");
        Assert.Equal(0, prune.Code);
        Assert.EndsWith("Total reclaimed space: 0B\n", prune.Out, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Version_and_info_show_the_server()
    {
        using var cli = new CliRunner(daemon.SocketPath);
        var version = await cli.RunAsync("version");
        Assert.True(version.Code == 0, version.Err);
        Assert.Matches(@"\nServer: .*\n Engine:\n  Version: +\S+\n  API version: +1\.41 \(minimum version 1\.\d+\)\n", version.Out);

        var info = await cli.RunAsync("info");
        Assert.True(info.Code == 0, info.Err);
        Assert.Contains("\nServer:\n Containers: 0\n  Running: 0\n", info.Out, StringComparison.Ordinal);
        Assert.Matches(@"\n Docker Root Dir: /", info.Out);

        var format = await cli.RunAsync("system", "info", "--format", "{{.OSType}}/{{.ClientInfo.Context}}");
        Assert.Equal("linux/default\n", format.Out);
    }
}
