using System.Text.Json;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>docker-py 5.x (Debian's python3-docker) against a real wharfd: containers.run (detached and not), logs, exec_run, stop, wait, remove.</summary>
public sealed class DockerPyContainersTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "py-containers-busybox:v1";

    const string Script = """
        import json, sys, time
        import docker
        socket, image, name, waited = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        out = {}
        c = docker.DockerClient(base_url="unix://" + socket)
        ct = c.containers.run(image, ["sh", "-c", "echo py-out; echo py-err >&2; exec sleep 300"], detach=True, name=name)
        out["id"] = ct.id
        ct.reload()
        out["status"] = ct.status
        deadline = time.time() + 10
        while b"py-err" not in ct.logs() and time.time() < deadline:
            time.sleep(0.1)
        out["logs"] = ct.logs().decode()
        out["stdout_only"] = ct.logs(stderr=False).decode()
        r = ct.exec_run(["sh", "-c", "echo in-exec; exit 3"])
        out["exec_code"], out["exec_out"] = r.exit_code, r.output.decode()
        out["exec_ok"] = ct.exec_run("true").exit_code
        ct.stop(timeout=1)
        ct.reload()
        out["stopped"] = [ct.status, ct.attrs["State"]["ExitCode"]]
        w = c.containers.run(image, ["sh", "-c", "sleep 0.5; exit 9"], detach=True, name=waited)
        out["wait"] = w.wait()["StatusCode"]
        try:
            c.containers.run(image, ["sh", "-c", "exit 2"], remove=True)
            out["error"] = "no error"
        except docker.errors.ContainerError as e:
            out["error"] = e.exit_status
        ct.remove()
        w.remove(force=True)
        try:
            c.containers.get(name)
            out["gone"] = False
        except docker.errors.NotFound:
            out["gone"] = True
        out["left"] = [x.name for x in c.containers.list(all=True)]
        print(json.dumps(out))
        """;

    readonly CliContainers _c = new(daemon);

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess) await _c.ImportAsync(Image);
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    [CompatFact(ThirdPartyClient.DockerPy)]
    public async Task Run_detached_logs_exec_run_stop_wait_and_remove()
    {
        var name = _c.Name("py-detached");
        var waited = _c.Name("py-waited");

        var run = await DockerPy.RunAsync(Script, daemon.SocketPath, Image, name, waited);

        Assert.True(run.ExitCode == 0, $"docker-py script failed: {run}");
        using var result = JsonDocument.Parse(run.Stdout);
        var r = result.RootElement;
        Assert.Matches("^[0-9a-f]{64}$", r.GetProperty("id").GetString());
        Assert.Equal("running", r.GetProperty("status").GetString());
        Assert.Equal("py-out\npy-err\n", r.GetProperty("logs").GetString());
        Assert.Equal("py-out\n", r.GetProperty("stdout_only").GetString());
        Assert.Equal(3, r.GetProperty("exec_code").GetInt32());
        Assert.Equal("in-exec\n", r.GetProperty("exec_out").GetString());
        Assert.Equal(0, r.GetProperty("exec_ok").GetInt32());
        Assert.Equal("exited", r.GetProperty("stopped")[0].GetString());
        Assert.Equal(137, r.GetProperty("stopped")[1].GetInt32());
        Assert.Equal(9, r.GetProperty("wait").GetInt32());
        Assert.Equal(2, r.GetProperty("error").GetInt32());
        Assert.True(r.GetProperty("gone").GetBoolean());
        Assert.Empty(r.GetProperty("left").EnumerateArray());
    }
}
