using System.Text;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Linux.Runtime;
using Wharf.Engine.Processes;
using Wharf.Testing;

namespace Wharf.Engine.Linux.Tests.Runtime;

/// <summary>The runc command lines <see cref="ConmonRuntime"/> runs, and how it reads their answers (no runc runs).</summary>
public sealed class RuncCommandTests : IDisposable
{
    readonly TempDir _temp = new();
    readonly FakeProcessRunner _runner = new();
    readonly ConmonRuntime _runtime;
    readonly ContainerId _id = ContainerId.New();
    static CancellationToken Ct => CancellationToken.None;

    public RuncCommandTests() =>
        _runtime = new ConmonRuntime(new ConmonRuntimeOptions(_temp.Combine("exec")) { RuncPath = "/opt/runc" }, _runner);

    public void Dispose() => _temp.Dispose();

    string[] Root => ["--root=" + _temp.Combine("exec/runc"), "--log-format=json"];

    [Fact]
    public async Task Every_command_uses_wharfs_own_runc_root()
    {
        await _runtime.StartAsync(_id, Ct);
        await _runtime.KillAsync(_id, 15, all: false, Ct);
        await _runtime.KillAsync(_id, 9, all: true, Ct);
        await _runtime.PauseAsync(_id, Ct);
        await _runtime.ResumeAsync(_id, Ct);
        await _runtime.UpdateAsync(_id, Encoding.UTF8.GetBytes("""{"pids":{"limit":5}}"""), Ct);
        await _runtime.DeleteAsync(_id, force: true, Ct);

        var id = _id.Value;
        Assert.All(_runner.Calls, c => Assert.Equal("/opt/runc", c.FileName));
        Assert.Equal(
            [
                [.. Root, "start", id],
                [.. Root, "kill", id, "15"],
                [.. Root, "kill", "--all", id, "9"],
                [.. Root, "pause", id],
                [.. Root, "resume", id],
                [.. Root, "update", "--resources", "-", id],
                [.. Root, "delete", "--force", id],
            ],
            _runner.Calls.Select(c => c.Arguments.ToArray()));
        Assert.Equal("""{"pids":{"limit":5}}""", _runner.Calls[5].StandardInput);
    }

    [Fact]
    public async Task State_reads_runcs_json_and_knows_nothing_of_a_missing_container()
    {
        _runner.OnRun = _ => new ProcessResult(0, """{"ociVersion":"1.0.2","id":"x","pid":4242,"status":"paused","bundle":"/b"}""", "");
        Assert.Equal(new RuntimeState(RuntimeStatus.Paused, 4242), await _runtime.StateAsync(_id, Ct));

        _runner.OnRun = _ => new ProcessResult(0, """{"pid":0,"status":"stopped"}""", "");
        Assert.Equal(new RuntimeState(RuntimeStatus.Stopped, 0), await _runtime.StateAsync(_id, Ct));

        _runner.OnRun = _ => new ProcessResult(1, "", """{"level":"error","msg":"container does not exist","time":"2026-11-30T06:36:00Z"}""");
        Assert.Equal(new RuntimeState(RuntimeStatus.Unknown, 0), await _runtime.StateAsync(_id, Ct));
        await _runtime.DeleteAsync(_id, force: false, Ct); // nothing to remove is not an error
        var e = await Assert.ThrowsAsync<EngineException>(async () => await _runtime.KillAsync(_id, 9, false, Ct));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal("container does not exist", e.Message);
    }

    [Fact]
    public async Task Attaching_to_or_resizing_an_unknown_container_is_not_found()
    {
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<EngineException>(async () => await _runtime.AttachAsync(_id, Ct))).Kind);
        Assert.Equal(ErrorKind.NotFound,
            (await Assert.ThrowsAsync<EngineException>(async () => await _runtime.ResizeAsync(_id, new TerminalSize(1, 1), Ct))).Kind);
    }
}
