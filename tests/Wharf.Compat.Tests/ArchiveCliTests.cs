using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// <c>docker cp</c> both ways with the real CLI against a real wharfd: running and stopped containers, <c>dir/.</c>,
/// links that try to leave the container, <c>-a</c> (copyUIDGID). Every test removes its containers and host files.
/// </summary>
public sealed class ArchiveCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-archive-busybox:v1";
    readonly CliContainers _cli = new(daemon);
    DirectoryInfo? _host;

    string Host => _host!.FullName;

    public async Task InitializeAsync()
    {
        _host = Directory.CreateTempSubdirectory("wharf-cp-");
        if (Environment.IsPrivilegedProcess) await _cli.ImportAsync(Image);
    }

    public async Task DisposeAsync()
    {
        await _cli.DisposeAsync();
        _host?.Delete(recursive: true);
    }

    async Task<string> RunningAsync(string name, string script)
    {
        Cli.Ok(await _cli.RunAsync("run", "-d", "--network", "none", "--name", _cli.Name(name), Image, "sh", "-c", script + " && exec sleep 300"));
        return name;
    }

    Task<string> ExecAsync(string name, string script) => Task.Run(async () => Cli.Ok(await _cli.RunAsync("exec", name, "sh", "-c", script)));

    [CompatFact]
    public async Task Cp_in_and_out_of_a_running_container()
    {
        var c = await RunningAsync("cli-cp-running", "mkdir -p /data");
        var source = Path.Combine(Host, "in.txt");
        await File.WriteAllTextAsync(source, "copied-in\n");
        Cli.Ok(await _cli.RunAsync("cp", source, $"{c}:/data/in.txt"));
        Assert.Equal("copied-in\n", await ExecAsync(c, "cat /data/in.txt"));
        var back = Path.Combine(Host, "back.txt");
        Cli.Ok(await _cli.RunAsync("cp", $"{c}:/data/in.txt", back));
        Assert.Equal("copied-in\n", await File.ReadAllTextAsync(back));

        var missing = await _cli.RunAsync("cp", $"{c}:/no/such/path", Path.Combine(Host, "x"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"Could not find the file /no/such/path in container {c}", missing.Stderr, StringComparison.Ordinal);
    }

    [CompatFact]
    public async Task Cp_in_and_out_of_a_stopped_container_leaves_no_mount()
    {
        var c = _cli.Name("cli-cp-stopped");
        Cli.Ok(await _cli.RunAsync("create", "--network", "none", "--name", c, Image, "cat", "/etc/motd-cp"));
        var source = Path.Combine(Host, "motd");
        await File.WriteAllTextAsync(source, "hello stopped\n");
        Cli.Ok(await _cli.RunAsync("cp", source, $"{c}:/etc/motd-cp"));
        var back = Path.Combine(Host, "motd-back");
        Cli.Ok(await _cli.RunAsync("cp", $"{c}:/etc/motd-cp", back));
        Assert.Equal("hello stopped\n", await File.ReadAllTextAsync(back));
        var id = await _cli.InspectAsync(c, "{{.Id}}");
        Assert.DoesNotContain(id, await File.ReadAllTextAsync("/proc/self/mountinfo"), StringComparison.Ordinal);
        Assert.Equal("hello stopped\n", Cli.Ok(await _cli.RunAsync("start", "-a", c)));
    }

    [CompatFact]
    public async Task Cp_reaches_the_volumes_and_binds_of_a_stopped_container()
    {
        var c = _cli.Name("cli-cp-stopped-vol");
        var volume = _cli.Name("cli-cp-vol");
        var bind = Directory.CreateDirectory(Path.Combine(Host, "bind")).FullName;
        var readOnly = Directory.CreateDirectory(Path.Combine(Host, "ro")).FullName;
        try
        {
            Cli.Ok(await _cli.RunAsync("create", "--network", "none", "--name", c, "-v", $"{volume}:/vol", "-v", $"{bind}:/bound",
                "-v", $"{readOnly}:/ro:ro", Image, "cat", "/vol/in.txt", "/bound/in.txt"));
            var source = Path.Combine(Host, "in.txt");
            await File.WriteAllTextAsync(source, "into a mount\n");
            Cli.Ok(await _cli.RunAsync("cp", source, $"{c}:/vol/in.txt"));
            Cli.Ok(await _cli.RunAsync("cp", source, $"{c}:/bound/in.txt"));

            // The files are in the volume and the bind source, not in the directories of the rootfs under them.
            var mountpoint = (await _cli.RunAsync("volume", "inspect", "-f", "{{.Mountpoint}}", volume)).Stdout.Trim();
            Assert.Equal("into a mount\n", await File.ReadAllTextAsync(Path.Combine(mountpoint, "in.txt")));
            Assert.Equal("into a mount\n", await File.ReadAllTextAsync(Path.Combine(bind, "in.txt")));
            await File.WriteAllTextAsync(Path.Combine(readOnly, "host.txt"), "from the host\n");
            var back = Path.Combine(Host, "back.txt");
            Cli.Ok(await _cli.RunAsync("cp", $"{c}:/ro/host.txt", back));
            Assert.Equal("from the host\n", await File.ReadAllTextAsync(back));

            var refused = await _cli.RunAsync("cp", source, $"{c}:/ro/in.txt");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("mounted volume is marked read-only", refused.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(readOnly, "in.txt")));

            var id = await _cli.InspectAsync(c, "{{.Id}}");
            Assert.DoesNotContain(id, await File.ReadAllTextAsync("/proc/self/mountinfo"), StringComparison.Ordinal);
            Assert.Equal("into a mount\ninto a mount\n", Cli.Ok(await _cli.RunAsync("start", "-a", c)));
        }
        finally
        {
            await _cli.RunAsync("rm", "-f", c);
            await _cli.RunAsync("volume", "rm", "-f", volume);
        }
    }

    [CompatFact]
    public async Task A_directory_and_its_dot_contents()
    {
        var c = await RunningAsync("cli-cp-dir", "mkdir -p /d/sub && echo a > /d/a && echo b > /d/sub/b");
        var whole = Path.Combine(Host, "whole");
        Cli.Ok(await _cli.RunAsync("cp", $"{c}:/d", whole));
        Assert.Equal("a\n", await File.ReadAllTextAsync(Path.Combine(whole, "a")));
        Assert.Equal("b\n", await File.ReadAllTextAsync(Path.Combine(whole, "sub", "b")));
        var into = Directory.CreateDirectory(Path.Combine(Host, "into")).FullName;
        Cli.Ok(await _cli.RunAsync("cp", $"{c}:/d", into));
        Assert.True(File.Exists(Path.Combine(into, "d", "a")));
        var contents = Directory.CreateDirectory(Path.Combine(Host, "contents")).FullName;
        Cli.Ok(await _cli.RunAsync("cp", $"{c}:/d/.", contents));
        Assert.Equal("a\n", await File.ReadAllTextAsync(Path.Combine(contents, "a")));
        Assert.Equal("b\n", await File.ReadAllTextAsync(Path.Combine(contents, "sub", "b")));

        // And back in: a host directory's contents into an existing container directory.
        Cli.Ok(await _cli.RunAsync("cp", contents + "/.", $"{c}:/tmp"));
        Assert.Equal("a\nb\n", await ExecAsync(c, "cat /tmp/a /tmp/sub/b"));
    }

    [CompatFact]
    public async Task Links_that_try_to_leave_the_container_stay_inside()
    {
        var marker = $"wharf-cp-escape-{Guid.NewGuid():N}";
        var c = await RunningAsync("cli-cp-links", "mkdir -p /tmp/deep/er && ln -s / /tmp/root && ln -s ../../../../../../etc/passwd /tmp/deep/er/pw");
        var pw = Path.Combine(Host, "pw");
        Cli.Ok(await _cli.RunAsync("cp", "-L", $"{c}:/tmp/deep/er/pw", pw));
        Assert.Equal(await ExecAsync(c, "cat /etc/passwd"), await File.ReadAllTextAsync(pw));

        var source = Path.Combine(Host, marker);
        await File.WriteAllTextAsync(source, "inside\n");
        Cli.Ok(await _cli.RunAsync("cp", source, $"{c}:/tmp/root/../../{marker}"));
        Assert.Equal("inside\n", await ExecAsync(c, $"cat /{marker}"));
        Assert.False(File.Exists("/" + marker));

        // A tar whose link points at / and whose next entry writes through it.
        var tarDir = Directory.CreateDirectory(Path.Combine(Host, "evil")).FullName;
        File.CreateSymbolicLink(Path.Combine(tarDir, "up"), "/");
        var tar = Path.Combine(Host, "evil.tar");
        Cli.Ok(await _cli.Docker.ShellAsync($"cd {tarDir} && echo through > f && tar -cf {tar} up && tar --transform 's,^f,up/{marker}-2,' -rf {tar} f"));
        Cli.Ok(await _cli.Docker.RunWithStdinAsync(tar, "cp", "-", $"{c}:/tmp"));
        Assert.Equal("through\n", await ExecAsync(c, $"cat /{marker}-2"));
        Assert.False(File.Exists($"/{marker}-2"));
    }

    [CompatFact]
    public async Task Cp_a_keeps_the_owner_and_plain_cp_gives_root()
    {
        var c = await RunningAsync("cli-cp-owner", "true");
        var source = Path.Combine(Host, "owned");
        await File.WriteAllTextAsync(source, "x");
        Cli.Ok(await _cli.Docker.ShellAsync($"chmod 640 {source} && chown 1234:2345 {source}"));
        Cli.Ok(await _cli.RunAsync("cp", "-a", source, $"{c}:/tmp/kept"));
        Cli.Ok(await _cli.RunAsync("cp", source, $"{c}:/tmp/root-owned"));
        Assert.Equal("1234:2345 640\n0:0 640\n", await ExecAsync(c, "stat -c '%u:%g %a' /tmp/kept /tmp/root-owned"));
    }

    [CompatFact]
    public async Task A_read_only_rootfs_and_a_broken_tar_are_refused_in_dockerds_words()
    {
        var ro = _cli.Name("cli-cp-readonly");
        Cli.Ok(await _cli.RunAsync("run", "-d", "--read-only", "--network", "none", "--name", ro, Image, "sleep", "300"));
        var source = Path.Combine(Host, "ro.txt");
        await File.WriteAllTextAsync(source, "x");
        var refused = await _cli.RunAsync("cp", source, $"{ro}:/tmp/ro.txt");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("container rootfs is marked read-only", refused.Stderr, StringComparison.Ordinal);

        var c = await RunningAsync("cli-cp-badtar", "true");
        var broken = await _cli.Docker.ShellAsync($"printf x | docker cp - {c}:/tmp/");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("Error response from daemon: Error processing tar file(exit status 1): unexpected EOF", broken.Stderr, StringComparison.Ordinal);
    }
}
