using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Info;
using Wharf.Engine.Linux.Native;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Linux.Host;

/// <summary>
/// Reads the host's facts from /proc, /sys, /etc/os-release and statfs/uname. Values that cannot change while the
/// daemon runs are read once; forwarding, descriptors and file systems are read on every call.
/// </summary>
public sealed class HostInfo : IHostInfo
{
    static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(10);

    readonly HostFiles _files;
    readonly IProcessRunner _processes;
    readonly ILogger _logger;
    readonly Lazy<string> _kernel;
    readonly Lazy<string> _osRelease;
    readonly Lazy<string> _machine;
    readonly Lazy<long> _memTotal;
    readonly Lazy<bool> _cgroup2;
    readonly Lazy<CgroupSupport> _cgroups;
    readonly Lazy<bool> _seccomp;
    readonly ConcurrentDictionary<string, Task<ToolVersion?>> _tools = new(StringComparer.Ordinal);

    public HostInfo(IProcessRunner processes, ILogger<HostInfo> logger)
        : this(HostFiles.Real, processes, logger, () => NativeMethods.Machine(), () => NativeMethods.FilesystemType(HostFiles.Real.CgroupRoot) == HostParsers.Cgroup2Magic)
    {
    }

    internal HostInfo(HostFiles files, IProcessRunner processes, ILogger logger, Func<string> machine, Func<bool> cgroup2)
    {
        _files = files;
        _processes = processes;
        _logger = logger;
        _kernel = new(() => ReadOr(files.KernelRelease, "").Trim());
        _osRelease = new(() => File.Exists(files.OsRelease) ? File.ReadAllText(files.OsRelease) : ReadOr(files.FallbackOsRelease, ""));
        _machine = new(machine);
        _memTotal = new(() => HostParsers.MemTotal(ReadOr(files.MemInfo, "")));
        _cgroup2 = new(cgroup2);
        _cgroups = new(() => HostParsers.Cgroups(files.CgroupRoot, _cgroup2.Value));
        _seccomp = new(() => HostParsers.HasSeccomp(ReadOr(files.ProcessStatus, "")));
    }

    // gethostname(2) as is; Environment.MachineName would cut it at the first dot, dockerd does not.
    public string Hostname => System.Net.Dns.GetHostName();

    public string KernelVersion => _kernel.Value;

    /// <summary>PRETTY_NAME, or <c>Linux</c> as dockerd says when os-release is missing.</summary>
    public string OperatingSystem => HostParsers.OsReleaseValue(_osRelease.Value, "PRETTY_NAME") ?? "Linux";

    public string OsVersion => HostParsers.OsReleaseValue(_osRelease.Value, "VERSION_ID") ?? "";

    public string Architecture => _machine.Value;

    // ProcessorCount already honours the scheduler affinity mask and cgroup CPU limits.
    public int Cpus => Environment.ProcessorCount;

    public long MemTotal => _memTotal.Value;

    public string CgroupVersion => _cgroup2.Value ? "2" : "1";

    public bool IPv4Forwarding => ReadOr(_files.IpForward, "0").Trim() == "1";

    public bool SeccompEnabled => _seccomp.Value;

    public CgroupSupport Cgroups => _cgroups.Value;

    public int OpenFileDescriptors => Directory.EnumerateFileSystemEntries(_files.FileDescriptors).Count();

    /// <summary>The file system of <paramref name="path"/> or, when it does not exist yet, of its nearest existing parent.</summary>
    public string BackingFilesystem(string path)
    {
        var probe = Path.GetFullPath(path);
        while (!Path.Exists(probe) && Path.GetDirectoryName(probe) is { } parent) probe = parent;
        return HostParsers.FilesystemName(NativeMethods.FilesystemType(probe));
    }

    public async Task<string> RuntimeVersionAsync(string runtimePath, CancellationToken ct) =>
        (await ToolVersionAsync(runtimePath, ct))?.Version ?? "";

    public async Task<ToolVersion?> ToolVersionAsync(string path, CancellationToken ct)
    {
        var task = _tools.GetOrAdd(path, p => QueryVersionAsync(p));
        var version = await task.WaitAsync(ct);
        // A tool that failed may be installed later: only successes stay cached.
        if (version is null) _tools.TryRemove(new KeyValuePair<string, Task<ToolVersion?>>(path, task));
        return version;
    }

    async Task<ToolVersion?> QueryVersionAsync(string path)
    {
        try
        {
            // Not the caller's token: the result is shared, so one caller going away must not spoil it for others.
            var result = await _processes.RunAsync(new ProcessSpec(path, ["--version"]) { Timeout = ToolTimeout }, CancellationToken.None);
            if (result.Succeeded && HostParsers.ToolVersion(result.StandardOutput) is { } version) return version;
            HostLog.ToolVersionFailed(_logger, path, $"exit code {result.ExitCode}: {result.StandardError.Trim()}");
            return null;
        }
        catch (EngineException e)
        {
            HostLog.ToolVersionFailed(_logger, path, e.Message);
            return null;
        }
    }

    static string ReadOr(string path, string fallback)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return fallback;
        }
    }
}
