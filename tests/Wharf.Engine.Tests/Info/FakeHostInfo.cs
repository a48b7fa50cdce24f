using Wharf.Engine.Info;

namespace Wharf.Engine.Tests.Info;

/// <summary>A host with settable facts; tool versions come from a table and every query is counted.</summary>
internal sealed class FakeHostInfo : IHostInfo
{
    public string Hostname { get; set; } = "buildbox";
    public string KernelVersion { get; set; } = "6.1.0-13-amd64";
    public string OperatingSystem { get; set; } = "Debian GNU/Linux 12 (bookworm)";
    public string OsVersion { get; set; } = "12";
    public string Architecture { get; set; } = "x86_64";
    public int Cpus { get; set; } = 4;
    public long MemTotal { get; set; } = 8L << 30;
    public string CgroupVersion { get; set; } = "1";
    public bool IPv4Forwarding { get; set; } = true;
    public bool SeccompEnabled { get; set; } = true;
    public CgroupSupport Cgroups { get; set; } = new(true, true, true, true, true, true, true, true);
    public int OpenFileDescriptors { get; set; } = 42;
    public Dictionary<string, ToolVersion> Tools { get; } = new() { ["runc"] = new("1.1.5+ds1", "1.1.5+ds1-1+deb12u1") };
    public List<string> ToolQueries { get; } = [];

    public string BackingFilesystem(string path) => "extfs";

    public async Task<string> RuntimeVersionAsync(string runtimePath, CancellationToken ct) =>
        (await ToolVersionAsync(runtimePath, ct))?.Version ?? "";

    public Task<ToolVersion?> ToolVersionAsync(string path, CancellationToken ct)
    {
        ToolQueries.Add(path);
        return Task.FromResult(Tools.GetValueOrDefault(path));
    }
}
