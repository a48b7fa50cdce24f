namespace Wharf.Engine.Info;

/// <summary>Everything <c>GET /info</c> reports, read from the engine's state and the host.</summary>
public sealed record SystemInfoView
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public int Containers { get; init; }
    public int ContainersRunning { get; init; }
    public int ContainersPaused { get; init; }
    public int ContainersStopped { get; init; }
    public int Images { get; init; }
    public required string Driver { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> DriverStatus { get; init; }
    public required string DataRoot { get; init; }
    public required string ExecRoot { get; init; }
    public bool Debug { get; init; }
    public int FileDescriptors { get; init; }
    public int Threads { get; init; }
    public int EventListeners { get; init; }
    public DateTimeOffset SystemTime { get; init; }
    public required string LoggingDriver { get; init; }
    public required string CgroupDriver { get; init; }
    public required string CgroupVersion { get; init; }
    public required string KernelVersion { get; init; }
    public required string OperatingSystem { get; init; }
    public required string OsVersion { get; init; }
    public required string Architecture { get; init; }
    public int Cpus { get; init; }
    public long MemTotal { get; init; }
    public bool MemoryLimit { get; init; }
    public bool SwapLimit { get; init; }
    public bool CpuCfsPeriod { get; init; }
    public bool CpuCfsQuota { get; init; }
    public bool CpuShares { get; init; }
    public bool CpuSet { get; init; }
    public bool PidsLimit { get; init; }
    public bool OomKillDisable { get; init; }
    public bool IPv4Forwarding { get; init; }
    public required string ServerVersion { get; init; }
    public required IReadOnlyDictionary<string, string> Runtimes { get; init; }
    public required string DefaultRuntime { get; init; }
    public required string InitBinary { get; init; }
    /// <summary>The default runtime's commit as it reports it (<c>runc version</c> in <c>docker info</c>).</summary>
    public string RuntimeCommit { get; init; } = "";
    public bool LiveRestoreEnabled { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public required IReadOnlyList<string> SecurityOptions { get; init; }
    public required IReadOnlyList<string> InsecureRegistryCidrs { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
}
