namespace Wharf.Api.Info;

/// <summary>The body of <c>GET /info</c>, with the fields the docker CLI prints.</summary>
public sealed record SystemInfo
{
    public required string ID { get; init; }
    public int Containers { get; init; }
    public int ContainersRunning { get; init; }
    public int ContainersPaused { get; init; }
    public int ContainersStopped { get; init; }
    public int Images { get; init; }
    public required string Driver { get; init; }
    public required IReadOnlyList<IReadOnlyList<string>> DriverStatus { get; init; }
    public required PluginsInfo Plugins { get; init; }
    public bool MemoryLimit { get; init; }
    public bool SwapLimit { get; init; }
    public bool KernelMemory { get; init; }
    public bool KernelMemoryTCP { get; init; }
    public bool CpuCfsPeriod { get; init; }
    public bool CpuCfsQuota { get; init; }
    public bool CPUShares { get; init; }
    public bool CPUSet { get; init; }
    public bool PidsLimit { get; init; }
    public bool IPv4Forwarding { get; init; }
    public bool BridgeNfIptables { get; init; }
    public bool BridgeNfIp6tables { get; init; }
    public bool Debug { get; init; }
    public int NFd { get; init; }
    public bool OomKillDisable { get; init; }
    public int NGoroutines { get; init; }
    public required string SystemTime { get; init; }
    public required string LoggingDriver { get; init; }
    public required string CgroupDriver { get; init; }
    public required string CgroupVersion { get; init; }
    public int NEventsListener { get; init; }
    public required string KernelVersion { get; init; }
    public required string OperatingSystem { get; init; }
    public required string OSVersion { get; init; }
    public string OSType { get; init; } = "linux";
    public required string Architecture { get; init; }
    public string IndexServerAddress { get; init; } = "https://index.docker.io/v1/";
    public required RegistryServiceConfig RegistryConfig { get; init; }
    public int NCPU { get; init; }
    public long MemTotal { get; init; }
    public object? GenericResources { get; init; }
    public required string DockerRootDir { get; init; }
    public string HttpProxy { get; init; } = "";
    public string HttpsProxy { get; init; } = "";
    public string NoProxy { get; init; } = "";
    public required string Name { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public bool ExperimentalBuild { get; init; }
    public required string ServerVersion { get; init; }
    public required IReadOnlyDictionary<string, RuntimeInfo> Runtimes { get; init; }
    public required string DefaultRuntime { get; init; }
    public required SwarmInfo Swarm { get; init; }
    public bool LiveRestoreEnabled { get; init; }
    public string Isolation { get; init; } = "";
    public required string InitBinary { get; init; }
    public required CommitInfo ContainerdCommit { get; init; }
    public required CommitInfo RuncCommit { get; init; }
    public required CommitInfo InitCommit { get; init; }
    public required IReadOnlyList<string> SecurityOptions { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>The plugins each subsystem offers.</summary>
public sealed record PluginsInfo(IReadOnlyList<string> Volume, IReadOnlyList<string> Network, IReadOnlyList<string>? Authorization, IReadOnlyList<string> Log);

/// <summary>Registry settings: insecure ranges, per-index configs, mirrors.</summary>
public sealed record RegistryServiceConfig(
    IReadOnlyList<string> AllowNondistributableArtifactsCIDRs,
    IReadOnlyList<string> AllowNondistributableArtifactsHostnames,
    IReadOnlyList<string> InsecureRegistryCIDRs,
    IReadOnlyDictionary<string, IndexInfo> IndexConfigs,
    IReadOnlyList<string> Mirrors);

/// <summary>One registry index's configuration.</summary>
public sealed record IndexInfo(string Name, IReadOnlyList<string> Mirrors, bool Secure, bool Official);

/// <summary>An OCI runtime the daemon can use; <c>path</c> is lower-case on the wire.</summary>
public sealed record RuntimeInfo([property: System.Text.Json.Serialization.JsonPropertyName("path")] string Path);

/// <summary>A component's commit and the one the daemon expects.</summary>
public sealed record CommitInfo(string ID, string Expected);

/// <summary>Swarm state: always inactive in Wharf.</summary>
public sealed record SwarmInfo(string NodeID, string NodeAddr, string LocalNodeState, bool ControlAvailable, string Error, IReadOnlyList<object>? RemoteManagers);
