using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Integration;

/// <summary>
/// wharf against a real dockerd (Debian's docker.io), started once with its own data root, exec root and socket and stopped
/// by pid at exit. Skipped, with the reason, when not root, when dockerd is not installed, or when it does not start.
/// </summary>
public sealed partial class DockerdCompatTests : IClassFixture<DockerdCompatTests.StopDockerd>
{
    /// <summary>Stops the run's dockerd when this class is done, before the test host exits (exit handlers may be cut short).</summary>
    public sealed class StopDockerd : IDisposable
    {
        public void Dispose()
        {
            if (Dockerd.Instance.IsValueCreated) Dockerd.Instance.Value.Stop();
        }
    }

    [DockerdFact]
    public async Task Version_shows_the_docker_engine_as_the_docker_cli_does()
    {
        var dockerd = Dockerd.Instance.Value;
        using var cli = new CliRunner(dockerd.SocketPath!);
        var ours = await cli.RunAsync("version");
        Assert.True(ours.Code == 0, ours.Err);
        var theirs = await ProcessRunner.RunAsync("docker", ["-H", $"unix://{dockerd.SocketPath}", "version"]);
        // Client sections differ by nature; the server sections must be identical.
        Assert.Equal(theirs.Stdout[theirs.Stdout.IndexOf("\nServer:", StringComparison.Ordinal)..], ours.Out[ours.Out.IndexOf("\nServer:", StringComparison.Ordinal)..]);
    }

    [DockerdFact]
    public async Task Images_load_and_list_as_the_docker_cli_lists_them()
    {
        var dockerd = Dockerd.Instance.Value;
        using var cli = new CliRunner(dockerd.SocketPath!);
        using var dir = new TempDirectory();
        var archive = Path.Combine(dir.Path, "busybox.tar");
        await DockerArchive.WriteAsync(archive, [await BusyboxRootfs.GetAsync()], ["compat/busybox:latest"]);
        var load = await cli.RunAsync("load", "-i", archive);
        Assert.True(load.Code == 0, load.Err);
        Assert.Equal("Loaded image: compat/busybox:latest\n", load.Out);

        foreach (var args in (string[][])[["images"], ["images", "-q"], ["images", "--digests"], ["images", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}"], ["history", "compat/busybox"]])
        {
            var ours = await cli.RunAsync(args);
            var theirs = await ProcessRunner.RunAsync("docker", ["-H", $"unix://{dockerd.SocketPath}", .. args]);
            Assert.True(ours.Code == 0, ours.Err);
            Assert.Equal(theirs.Stdout, ours.Out);
        }
        var rmi = await cli.RunAsync("rmi", "compat/busybox:latest");
        Assert.StartsWith("Untagged: compat/busybox:latest\nDeleted: sha256:", rmi.Out, StringComparison.Ordinal);
    }

    [DockerdFact]
    public async Task Container_commands_print_what_the_docker_cli_prints()
    {
        var dockerd = Dockerd.Instance.Value;
        using var cli = new CliRunner(dockerd.SocketPath!);
        using var client = Wharf.Client.WharfClient.ForUnixSocket(dockerd.SocketPath!);
        await using var kit = await ContainerTestKit.CreateAsync(client, "clicore/busybox:latest");
        var labels = new Dictionary<string, string> { ["clicore-compat"] = "1" };
        await kit.RunAsync("dc-a", ["sh", "-c", "echo out; echo err >&2; mkdir -p /tmp/d; echo hi > /tmp/d/f; exec sleep 1000"], labels: labels);
        var b = await kit.RunAsync("dc-b", ["sh", "-c", "echo one; echo two; exit 2"], labels: labels);
        Assert.Equal(2, (await client.Containers.WaitAsync(b)).StatusCode);
        await ContainerTestKit.EventuallyAsync(async () => (await cli.RunAsync("logs", "dc-a")).Err == "err\n", "dc-a's stderr");
        await ContainerTestKit.EventuallyAsync(async () => (await cli.RunAsync("diff", "dc-a")).Out.Contains("/tmp/d/f", StringComparison.Ordinal), "dc-a's file");

        foreach (var args in (string[][])[
            ["ps", "-a", "--filter", "label=clicore-compat=1", "--format", "{{.ID}} {{.Names}} {{.Image}} {{.Command}} {{.State}} {{.Labels}} {{.Networks}} {{.Ports}}"],
            ["ps", "-a", "-q", "--no-trunc", "--filter", "label=clicore-compat=1"],
            ["container", "ls", "-a", "--filter", "label=clicore-compat=1", "--format", "json"],
            ["inspect", "-f", "{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.Config.Cmd}}", "dc-a", "dc-b", "nope"],
            ["inspect", "--type", "container", "nope"],
            ["container", "inspect", "-f", "{{json .Config.Labels}}", "dc-b"],
            ["logs", "dc-a"], ["logs", "--tail", "1", "dc-b"], ["logs", "nope"],
            ["top", "dc-a", "-o", "pid,comm"], ["diff", "dc-a"], ["port", "dc-a"], ["wait", "dc-b"],
            ["stop", "nope"], ["rm", "nope"], ["kill", "dc-b"],
            ["stats", "--no-stream", "--format", "{{.Name}} {{.ID}} {{.Container}}", "dc-a", "dc-b"],
            ["stats", "--no-stream", "dc-a", "nope"],
        ])
        {
            var ours = await cli.RunAsync(args);
            var theirs = await ProcessRunner.RunAsync("docker", ["-H", $"unix://{dockerd.SocketPath}", .. args]);
            var what = string.Join(' ', args);
            Assert.True(theirs.Stdout == ours.Out, $"{what}: stdout\n{theirs.Stdout}\nvs ours\n{ours.Out}");
            Assert.True(theirs.Stderr == ours.Err, $"{what}: stderr\n{theirs.Stderr}\nvs ours\n{ours.Err}");
            Assert.True(theirs.ExitCode == ours.Code, $"{what}: exit {theirs.ExitCode} vs ours {ours.Code}");
        }

        // Live numbers differ between two samples; the table's shape does not.
        var stats = await cli.RunAsync("stats", "--no-stream", "dc-a");
        Assert.Matches(@"^CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n[0-9a-f]{12}   dc-a      \d+\.\d\d%     \S+ / \S+ +\d+\.\d\d% +\S+ / \S+ +\S+ / \S+ +1\n$", stats.Out);
        var top = await cli.RunAsync("top", "dc-a");
        Assert.Matches("^UID +PID +PPID +C +STIME +TTY +TIME +CMD\n", top.Out);
        Assert.Contains("sleep 1000", top.Out, StringComparison.Ordinal);

        using var dir = new TempDirectory();
        var copied = await cli.RunAsync("cp", "dc-a:/tmp/d", Path.Combine(dir.Path, "x"));
        Assert.True(copied.Code == 0, copied.Err);
        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(dir.Path, "x", "f")));
        var contents = await cli.RunAsync("cp", "dc-a:/tmp/d/.", Path.Combine(dir.Path, "flat"));
        Assert.True(contents.Code == 0, contents.Err);
        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(dir.Path, "flat", "f")));
        File.WriteAllText(Path.Combine(dir.Path, "up.txt"), "up\n");
        var up = await cli.RunAsync("cp", Path.Combine(dir.Path, "up.txt"), "dc-a:/tmp/d/");
        Assert.True(up.Code == 0, up.Err);
        var upDir = await cli.RunAsync("cp", Path.Combine(dir.Path, "x"), "dc-a:/tmp/y");
        Assert.True(upDir.Code == 0, upDir.Err);
        var seen = await ProcessRunner.RunAsync("docker", ["-H", $"unix://{dockerd.SocketPath}", "exec", "dc-a", "cat", "/tmp/d/up.txt", "/tmp/y/f"]);
        Assert.Equal("up\nhi\n", seen.Stdout);
        var missing = await cli.RunAsync("cp", "dc-a:/nope", dir.Path);
        Assert.Equal((1, "Error response from daemon: Could not find the file /nope in container dc-a\n"), (missing.Code, missing.Err));

        var exported = Path.Combine(dir.Path, "export.tar");
        var export = await cli.RunAsync("export", "-o", exported, "dc-a");
        Assert.True(export.Code == 0, export.Err);
        var names = new List<string>();
        await using (var file = File.OpenRead(exported))
        await using (var tar = new System.Formats.Tar.TarReader(file))
            while (await tar.GetNextEntryAsync() is { } entry) names.Add(entry.Name);
        Assert.Contains("bin/busybox", names);
        Assert.Contains("tmp/d/up.txt", names);

        var commit = await cli.RunAsync("commit", "-a", "clicore", "-m", "from wharf", "-c", "CMD [\"echo\", \"committed\"]", "dc-a", "clicore/committed:1");
        try
        {
            Assert.True(commit.Code == 0, commit.Err);
            Assert.Matches("^sha256:[0-9a-f]{64}\n$", commit.Out);
            var image = await ProcessRunner.RunAsync("docker", ["-H", $"unix://{dockerd.SocketPath}", "image", "inspect", "-f", "{{.Id}} {{.Author}} {{.Comment}} {{.Config.Cmd}}", "clicore/committed:1"]);
            Assert.Equal($"{commit.Out.Trim()} clicore from wharf [echo committed]\n", image.Stdout);
        }
        finally
        {
            await ProcessRunner.RunAsync("docker", ["-H", $"unix://{dockerd.SocketPath}", "rmi", "-f", "clicore/committed:1"]);
        }

        var rm = await cli.RunAsync("rm", "-f", "dc-a", "nope", "dc-b");
        Assert.Equal((0, "dc-a\ndc-b\n", "Error response from daemon: No such container: nope\n"), rm);
    }
}

/// <summary>A fact that needs a running dockerd; the attribute starts it (once) to know whether to skip.</summary>
public sealed class DockerdFactAttribute : FactAttribute
{
    public DockerdFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess) Skip = "needs root to start dockerd";
        else if (!File.Exists(Dockerd.Binary)) Skip = $"dockerd is not installed at {Dockerd.Binary} (apt-get install docker.io)";
        else if (Dockerd.Instance.Value.Failure is { } failure) Skip = $"dockerd could not start: {failure}";
    }
}

/// <summary>One dockerd per test run, in a temp directory; killed by pid when the test process exits.</summary>
internal sealed class Dockerd
{
    public const string Binary = "/usr/sbin/dockerd";
    public static readonly Lazy<Dockerd> Instance = new(Start);

    public string? SocketPath { get; private init; }
    public string? Failure { get; private init; }
    Action? _stop;

    /// <summary>Stops dockerd by pid and removes its directories; safe to call more than once.</summary>
    public void Stop() => _stop?.Invoke();

    /// <param name="graceful">
    /// SIGTERM and time to stop (the class fixture's clean-up); false at process exit, where the test host does not wait
    /// long: dockerd's tree and whatever runs under our root are killed at once. That path matters: the attribute starts
    /// dockerd while tests are discovered, so a run whose filter leaves out every dockerd test only cleans up there.
    /// </param>
    static void StopAndClean(System.Diagnostics.Process process, string root, bool graceful)
    {
        try
        {
            if (!process.HasExited)
            {
                if (graceful)
                {
                    // SIGTERM first: dockerd then stops the containerd it started, leaving nothing behind.
                    using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                        kill.WaitForExit();
                }
                if (!process.WaitForExit(graceful ? 20_000 : 0)) process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
            // dockerd stops its containerd on SIGTERM but does not wait for it: wait for every process working under
            // our root (ours: started by our dockerd) before deleting it, and end one that lingers, by pid.
            WaitForProcessesUnder(root, graceful ? TimeSpan.FromSeconds(20) : TimeSpan.Zero);
            UnmountUnder(root);
            DeleteWithRetries(root);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        catch (InvalidOperationException) { }
    }

    static Dockerd Start()
    {
        var root = Directory.CreateTempSubdirectory("wharf-dockerd-").FullName;
        var socket = Path.Combine(root, "docker.sock");
        var start = new System.Diagnostics.ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["--data-root", Path.Combine(root, "data"), "--exec-root", Path.Combine(root, "exec"), "--pidfile", Path.Combine(root, "dockerd.pid"),
                                     "-H", $"unix://{socket}", "--bridge=none", "--iptables=false", "--ip-masq=false"])
            start.ArgumentList.Add(a);
        System.Diagnostics.Process process;
        try { process = System.Diagnostics.Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { return new Dockerd { Failure = e.Message }; }
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var stopped = 0;
        var stop = (bool graceful) =>
        {
            if (Interlocked.Exchange(ref stopped, 1) == 0) StopAndClean(process, root, graceful);
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop(false);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) { stop(true); lock (log) return new Dockerd { Failure = $"exited with {process.ExitCode}: {Tail(log.ToString())}" }; }
            if (File.Exists(socket) && Ping(socket)) return new Dockerd { SocketPath = socket, _stop = () => stop(true) };
            Thread.Sleep(250);
        }
        stop(true);
        lock (log) return new Dockerd { Failure = $"no answer on {socket} within 60 s: {Tail(log.ToString())}" };
    }

    /// <summary>
    /// The containerd that dockerd started may still be writing its state for a moment after dockerd exits, so one
    /// recursive delete can meet a directory that is no longer empty: try again for a few seconds.
    /// </summary>
    static void DeleteWithRetries(string root)
    {
        for (var attempt = 1; Directory.Exists(root); attempt++)
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(250);
            }
        }
    }

    static void WaitForProcessesUnder(string root, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var killBy = deadline.AddSeconds(5);
        while (ProcessesUnder(root) is { Count: > 0 } pids)
        {
            if (DateTime.UtcNow > killBy) return;
            if (DateTime.UtcNow > deadline)
            {
                // Kill, then keep looking until they are gone: deleting under a process still writing fails.
                foreach (var pid in pids)
                {
                    try { System.Diagnostics.Process.GetProcessById(pid).Kill(); }
                    catch (ArgumentException) { }
                    catch (InvalidOperationException) { }
                }
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>Pids whose command line names a path under <paramref name="root"/> (containerd started with its config there).</summary>
    static List<int> ProcessesUnder(string root)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(root + "/", StringComparison.Ordinal)) pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    /// <summary>dockerd bind-mounts its data root onto itself (to make it private) and leaves that mount behind.</summary>
    static void UnmountUnder(string root)
    {
        var mountPoints = File.ReadAllLines("/proc/mounts")
            .Select(line => line.Split(' ')[1])
            .Where(point => point == root || point.StartsWith(root + "/", StringComparison.Ordinal))
            .OrderByDescending(point => point.Length);
        foreach (var point in mountPoints)
            using (var umount = System.Diagnostics.Process.Start("umount", ["-l", point]))
                umount.WaitForExit();
    }

    static bool Ping(string socket)
    {
        try
        {
            using var client = Wharf.Client.WharfClient.ForUnixSocket(socket);
            return client.PingAsync().GetAwaiter().GetResult() == "OK";
        }
        catch (HttpRequestException) { return false; }
        catch (IOException) { return false; }
    }

    static string Tail(string text) => text.Length > 500 ? text[^500..] : text;
}
