namespace Wharf.Engine.Info;

/// <summary>Facts about the host that <c>/info</c> and <c>/version</c> report; read by Engine.Linux.</summary>
public interface IHostInfo
{
    string Hostname { get; }
    string KernelVersion { get; }
    /// <summary>PRETTY_NAME from os-release, e.g. <c>Debian GNU/Linux 12 (bookworm)</c>.</summary>
    string OperatingSystem { get; }
    string OsVersion { get; }
    /// <summary>uname machine, e.g. <c>x86_64</c>.</summary>
    string Architecture { get; }
    int Cpus { get; }
    long MemTotal { get; }
    /// <summary><c>1</c> or <c>2</c>.</summary>
    string CgroupVersion { get; }
    bool IPv4Forwarding { get; }
    /// <summary>Whether the kernel can filter system calls with seccomp (<c>Seccomp:</c> in /proc/self/status).</summary>
    bool SeccompEnabled { get; }
    /// <summary>Which cgroup controllers (memory, swap, cpu, cpuset, pids) are available.</summary>
    CgroupSupport Cgroups { get; }
    /// <summary>The file system that holds <paramref name="path"/>, e.g. <c>extfs</c>, <c>xfs</c>, <c>tmpfs</c>.</summary>
    string BackingFilesystem(string path);
    int OpenFileDescriptors { get; }
    /// <summary>The version line an OCI runtime binary prints, e.g. <c>1.1.5+ds1</c>; empty when it cannot run.</summary>
    Task<string> RuntimeVersionAsync(string runtimePath, CancellationToken ct);
    /// <summary>
    /// Version and commit that a tool prints for <c>--version</c> (runc, crun, conmon), run once and cached;
    /// null when it is not installed or fails.
    /// </summary>
    Task<ToolVersion?> ToolVersionAsync(string path, CancellationToken ct);
}
