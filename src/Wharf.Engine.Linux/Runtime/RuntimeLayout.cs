namespace Wharf.Engine.Linux.Runtime;

/// <summary>
/// The runtime's files under the exec root. Each container has a monitor directory named after its id, found again
/// from the id alone after a daemon restart: conmon's working and persist directory (its <c>oom</c> and <c>exit</c>
/// files), a <c>bundle</c> symlink to the bundle (where conmon keeps the <c>attach</c> socket and the <c>ctl</c> FIFO)
/// and one <c>exec-&lt;id&gt;</c> symlink per exec session.
/// </summary>
internal sealed class RuntimeLayout(string execRoot)
{
    public string ExecRoot { get; } = Path.GetFullPath(execRoot);

    public string RuncRoot => Path.Combine(ExecRoot, "runc");

    public string ExitDir => Path.Combine(ExecRoot, "exits");

    public string ExitFile(string id) => Path.Combine(ExitDir, id);

    public string MonitorDir(string id) => Path.Combine(ExecRoot, "conmon", id);

    public string BundleLink(string id) => Path.Combine(MonitorDir(id), "bundle");

    public string ExecLink(string id, string execId) => Path.Combine(MonitorDir(id), "exec-" + execId);

    public string OomFile(string id) => Path.Combine(MonitorDir(id), "oom");

    public void EnsureCreated()
    {
        Directory.CreateDirectory(RuncRoot);
        Directory.CreateDirectory(ExitDir);
        Directory.CreateDirectory(Path.Combine(ExecRoot, "conmon"));
    }
}
