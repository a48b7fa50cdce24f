namespace Wharf.Engine.Info;

/// <summary>The daemon's settings that <c>/info</c> and <c>/version</c> report; the daemon builds it from flags and daemon.json.</summary>
public sealed record SystemOptions
{
    public required string DataRoot { get; init; }
    public required string ExecRoot { get; init; }
    public bool Debug { get; init; }
    /// <summary>The daemon's name in <c>/info</c>; null means the host name, as dockerd does.</summary>
    public string? Name { get; init; }
    public string DefaultRuntime { get; init; } = "runc";
    /// <summary>OCI runtimes by name, each with the path (or PATH name) of its binary.</summary>
    public IReadOnlyDictionary<string, string> Runtimes { get; init; } = new Dictionary<string, string> { ["runc"] = "runc" };
    /// <summary>The conmon binary; its version is listed among the components when it runs.</summary>
    public string ConmonPath { get; init; } = "conmon";
    public IReadOnlyList<string> Labels { get; init; } = [];
    /// <summary>daemon.json's <c>insecure-registries</c>: CIDRs and host names.</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];
    public bool LiveRestore { get; init; }
    public string StorageDriver { get; init; } = "overlay2";
    public string LoggingDriver { get; init; } = "k8s-file";
    public string CgroupDriver { get; init; } = "cgroupfs";
    /// <summary>The init binary for <c>--init</c>; empty while Wharf has none.</summary>
    public string InitBinary { get; init; } = "";
}
