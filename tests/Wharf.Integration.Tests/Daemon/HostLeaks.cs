using System.Runtime.Versioning;
using Wharf.Engine.Containers;
using Wharf.Integration.Tests.Containers;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Daemon;

/// <summary>
/// What a real wharfd can leave on the host, found by its temp roots and container ids (other daemons may share the
/// machine): mounts under its roots, conmon processes whose command line names its exec root, and the containers'
/// cgroup directories. <see cref="CleanUpAsync"/> removes a test's containers and then <see cref="SweepAsync"/> clears
/// whatever is left, so that a failed test does not poison the next one.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class HostLeaks
{
    /// <summary>Mount points under <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Mounts(string root) =>
        [.. File.ReadAllLines("/proc/mounts").Select(l => Unescape(l.Split(' ')[1])).Where(m => m.StartsWith(root + "/", StringComparison.Ordinal))];

    /// <summary>Live conmon processes started for containers under <paramref name="execRoot"/>.</summary>
    public static IReadOnlyList<int> Conmons(string execRoot)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] argv;
            try
            {
                argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (Path.GetFileName(argv[0]) == "conmon" && argv.Any(a => a.StartsWith(execRoot + "/", StringComparison.Ordinal))
                && EngineHarness.ProcessAlive(pid))
                found.Add(pid);
        }
        return found;
    }

    /// <summary>Cgroup directories (any controller) of the given containers.</summary>
    public static IReadOnlyList<string> Cgroups(IEnumerable<string> ids) => [.. ids.SelectMany(id => EngineHarness.CgroupDirs(ContainerId.Parse(id)))];

    /// <summary>Asserts that the daemon left no mount, monitor or cgroup behind (conmon may take a moment to go).</summary>
    public static async Task AssertNoneAsync(WharfdFixture daemon, IEnumerable<string> ids)
    {
        Assert.Empty(Mounts(daemon.Root));
        Assert.Empty(Cgroups(ids));
        for (var i = 0; i < 50 && Conmons(daemon.ExecRoot).Count > 0; i++) await Task.Delay(100);
        Assert.Empty(Conmons(daemon.ExecRoot));
    }

    /// <summary>Best effort, after a failure: kills the monitors, deletes runc state, removes cgroups, unmounts.</summary>
    public static async Task SweepAsync(WharfdFixture daemon, IEnumerable<string> ids)
    {
        foreach (var pid in Conmons(daemon.ExecRoot))
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        var runcRoot = Path.Combine(daemon.ExecRoot, "runc");
        foreach (var id in ids)
        {
            if (Directory.Exists(runcRoot)) await ProcessRunner.RunAsync("runc", ["--root", runcRoot, "delete", "--force", id]);
            foreach (var dir in EngineHarness.CgroupDirs(ContainerId.Parse(id)))
            {
                try { Directory.Delete(dir); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        foreach (var m in Mounts(daemon.Root).OrderByDescending(m => m.Length))
            await ProcessRunner.RunAsync("umount", ["-l", m]);
    }

    /// <summary>Removes the containers through a running daemon (starting it again if the test left it down), then sweeps.</summary>
    public static async Task CleanUpAsync(WharfdFixture daemon, DockerCli docker, IReadOnlyList<string> ids)
    {
        try
        {
            if (!IsRunning(daemon)) await daemon.StartAsync();
            foreach (var id in ids) await docker.RunAsync("rm", "-f", id);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // The sweep below still clears the host.
        }
        await SweepAsync(daemon, ids);
    }

    static bool IsRunning(WharfdFixture daemon)
    {
        try
        {
            return daemon.Pid > 0;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    static string Unescape(string s) => s.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
        .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
