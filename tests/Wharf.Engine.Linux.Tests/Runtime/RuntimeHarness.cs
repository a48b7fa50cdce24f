using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Linux.Processes;
using Wharf.Engine.Linux.Runtime;

namespace Wharf.Engine.Linux.Tests.Runtime;

/// <summary>
/// Real containers for one test: busybox bundles with a hand-written minimal spec, a private exec root, and a cleanup
/// that removes every container it made (runc delete -f), kills their conmons by pid and deletes the directories.
/// </summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    static readonly Lazy<string> BusyboxTar = new(MakeBusyboxTar);
    readonly TempDir _temp = new();
    readonly List<ContainerId> _containers = [];

    public RuntimeHarness() => Runtime = NewRuntime();

    public string ExecRoot => _temp.Combine("exec");

    public ConmonRuntime Runtime { get; }

    /// <summary>Another instance over the same exec root, as a restarted daemon makes.</summary>
    public ConmonRuntime NewRuntime() => new(new ConmonRuntimeOptions(ExecRoot), new ProcessRunner());

    public RuntimeCreateRequest Bundle(string[] args, bool tty = false, bool openStdin = false, bool stdinOnce = false, OciResources? resources = null)
    {
        var id = ContainerId.New();
        _containers.Add(id);
        var dir = _temp.Combine("c-" + id.Short);
        var rootfs = Path.Combine(dir, "rootfs");
        Directory.CreateDirectory(rootfs);
        Run("tar", "-xf", BusyboxTar.Value, "-C", rootfs);
        File.WriteAllText(Path.Combine(dir, "config.json"), Spec(id, args, tty, resources));
        return new RuntimeCreateRequest(id, dir, Path.Combine(dir, "state"), Path.Combine(dir, "container.log"), tty, openStdin, stdinOnce);
    }

    public string ProcessSpec(string dir, string[] args, bool tty = false)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "process.json");
        File.WriteAllText(path, JsonSerializer.Serialize(Process(args, tty), SpecJson.Default.OciProcess));
        return path;
    }

    /// <summary>The cgroup path the harness gives a container (runc's cgroupfs form, relative to each hierarchy's root).</summary>
    public static string CgroupsPath(ContainerId id) => "/wharf-test-" + id.Value;

    public string Combine(string relative) => _temp.Combine(relative);

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _containers)
        {
            var state = Path.Combine(_temp.Path, "c-" + id.Short, "state", "conmon.pid");
            Run("runc", "--root", Path.Combine(ExecRoot, "runc"), "delete", "--force", id.Value);
            if (File.Exists(state) && int.TryParse(File.ReadAllText(state).Trim(), out var pid)) KillConmon(pid);
        }
        await Task.Yield();
        _temp.Dispose();
    }

    /// <summary>Kills a conmon by pid, after checking the pid is still a conmon (pids get reused).</summary>
    public static void KillConmon(int pid)
    {
        try
        {
            if (!File.ReadAllText($"/proc/{pid}/comm").Trim().Equals("conmon", StringComparison.Ordinal)) return;
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            // Gone already.
        }
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z";

    public static async Task<(string Stdout, string Stderr)> ReadAllAsync(IProcessStreams streams, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await foreach (var chunk in streams.ReadOutputAsync(cts.Token))
            (chunk.Stream == StdStream.Stderr ? stderr : stdout).Append(Encoding.UTF8.GetString(chunk.Data.Span));
        return (stdout.ToString(), stderr.ToString());
    }

    static string Spec(ContainerId id, string[] args, bool tty, OciResources? resources)
    {
        var spec = new OciSpec(
            "1.0.2",
            Process(args, tty),
            new OciRoot("rootfs", false),
            "test",
            [
                new("/proc", "proc", "proc", null),
                new("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
                new("/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]),
                new("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
                new("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
            ],
            new OciLinux(CgroupsPath(id), [new("pid"), new("ipc"), new("uts"), new("mount")], resources));
        return JsonSerializer.Serialize(spec, SpecJson.Default.OciSpec);
    }

    static OciProcess Process(string[] args, bool tty) =>
        new(tty, new OciUser(0, 0), args, ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"], "/");

    static string MakeBusyboxTar()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "scripts", "busybox-rootfs.sh"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        // One tarball per test run, next to the test assembly (the bin directory, not /tmp, so nothing leaks there).
        var tar = Path.Combine(AppContext.BaseDirectory, "busybox-rootfs.tar");
        if (!File.Exists(tar)) Run("bash", Path.Combine(dir, "scripts", "busybox-rootfs.sh"), tar);
        return tar;
    }

    static void Run(string file, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
    }
}
