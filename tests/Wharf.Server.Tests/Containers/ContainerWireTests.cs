using System.Text.Json;
using Wharf.Api.Containers;
using Wharf.Api.Exec;
using Wharf.Server.Http;

namespace Wharf.Server.Tests.Containers;

/// <summary>The container and exec wire records against dockerd's bodies: same fields, same order, same nulls.</summary>
public sealed class ContainerWireTests
{
    static string Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    [Fact]
    public void Inspect_of_a_running_container_round_trips_to_dockerd_bytes()
    {
        var inspect = JsonSerializer.Deserialize(GoldenContainers.InspectRunning, WireJson.Context.ContainerInspect)!;
        Assert.Equal("running", inspect.State.Status);
        Assert.Equal("/gtcap-c2", inspect.Name);
        Assert.Null(inspect.State.Health);
        Assert.Equal(GoldenContainers.InspectRunning, Serialize(inspect, WireJson.Context.ContainerInspect));
    }

    [Fact]
    public void A_list_with_ports_round_trips_to_dockerd_bytes()
    {
        var list = JsonSerializer.Deserialize(GoldenContainers.ListWithPorts, WireJson.Context.ContainerSummaryArray)!;
        Assert.Equal((ushort)28080, list[0].Ports[0].PublicPort);
        Assert.Equal("default", list[0].HostConfig.NetworkMode);
        Assert.Equal(GoldenContainers.ListWithPorts, Serialize(list, WireJson.Context.ContainerSummaryArray));
    }

    [Fact]
    public void A_stats_sample_round_trips_to_dockerd_bytes()
    {
        var stats = JsonSerializer.Deserialize(GoldenContainers.StatsSample, WireJson.Context.ContainerStats)!;
        Assert.Equal(2u, stats.CpuStats.OnlineCpus);
        Assert.Equal(GoldenContainers.StatsSample, Serialize(stats, WireJson.Context.ContainerStats));
    }

    [Fact]
    public void Exec_inspect_round_trips_to_dockerd_bytes()
    {
        var exec = JsonSerializer.Deserialize(GoldenContainers.ExecInspect, WireJson.Context.ExecInspect)!;
        Assert.Equal(["hello-exec"], exec.ProcessConfig.Arguments);
        Assert.Equal(GoldenContainers.ExecInspect, Serialize(exec, WireJson.Context.ExecInspect));
    }

    [Fact]
    public void A_container_without_networks_sends_empty_maps_not_null()
    {
        var json = Serialize(new NetworkSettings(), WireJson.Context.NetworkSettings);
        Assert.Contains("\"Ports\":{}", json, StringComparison.Ordinal);
        Assert.EndsWith("\"Networks\":{}}", json, StringComparison.Ordinal);
        Assert.Contains("\"SecondaryIPAddresses\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_health_state_is_written_only_when_there_is_one()
    {
        var state = new ContainerState
        {
            Status = "running", Running = true, Pid = 7, StartedAt = "2026-11-30T02:50:31.733023886Z", FinishedAt = "0001-01-01T00:00:00Z",
            Health = new ContainerHealth
            {
                Status = "healthy",
                Log = [new HealthcheckResult("2026-11-30T02:50:36.1Z", "2026-11-30T02:50:36.2Z", 0, "ok\n")],
            },
        };
        Assert.Equal(
            """{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":7,"ExitCode":0,"Error":"","StartedAt":"2026-11-30T02:50:31.733023886Z","FinishedAt":"0001-01-01T00:00:00Z","Health":{"Status":"healthy","FailingStreak":0,"Log":[{"Start":"2026-11-30T02:50:36.1Z","End":"2026-11-30T02:50:36.2Z","ExitCode":0,"Output":"ok\n"}]}}""",
            Serialize(state, WireJson.Context.ContainerState));
    }

    [Fact]
    public void Small_responses_have_dockerd_shapes()
    {
        Assert.Equal("""{"Error":null,"StatusCode":0}""", Serialize(new ContainerWaitResponse(), WireJson.Context.ContainerWaitResponse));
        Assert.Equal("""{"Error":{"Message":"boom"},"StatusCode":137}""",
            Serialize(new ContainerWaitResponse { Error = new ContainerWaitExitError("boom"), StatusCode = 137 }, WireJson.Context.ContainerWaitResponse));
        Assert.Equal("""{"Id":"abc","Warnings":[]}""", Serialize(new ContainerCreateResponse("abc", []), WireJson.Context.ContainerCreateResponse));
        Assert.Equal("""{"Warnings":null}""", Serialize(new ContainerUpdateResponse(null), WireJson.Context.ContainerUpdateResponse));
        Assert.Equal("""{"ContainersDeleted":null,"SpaceReclaimed":0}""", Serialize(new ContainerPruneResponse(null, 0), WireJson.Context.ContainerPruneResponse));
        Assert.Equal("""[{"Path":"/tmp","Kind":0},{"Path":"/tmp/cpin.txt","Kind":1}]""",
            Serialize(new[] { new ContainerChangeResponseItem("/tmp", 0), new ContainerChangeResponseItem("/tmp/cpin.txt", 1) }, WireJson.Context.ContainerChangeResponseItemArray));
        // dockerd's key order (GT 020): Processes, then Titles.
        Assert.Equal("""{"Processes":[["13161","sleep 1000"]],"Titles":["PID","CMD"]}""",
            Serialize(new ContainerTopResponse(["PID", "CMD"], [["13161", "sleep 1000"]]), WireJson.Context.ContainerTopResponse));
    }

    [Fact]
    public void Exec_bodies_from_the_cli_parse()
    {
        var create = JsonSerializer.Deserialize(
            """{"User":"","Privileged":false,"Tty":false,"AttachStdin":false,"AttachStderr":true,"AttachStdout":true,"Detach":false,"DetachKeys":"","Env":null,"WorkingDir":"","Cmd":["echo","hello-exec"]}""",
            WireJson.Context.ExecConfig)!;
        Assert.Equal(["echo", "hello-exec"], create.Cmd);
        Assert.True(create.AttachStdout);
        var start = JsonSerializer.Deserialize("""{"Detach":true,"Tty":false,"ConsoleSize":[30,100]}""", WireJson.Context.ExecStartConfig)!;
        Assert.True(start.Detach);
        Assert.Equal([30u, 100u], start.ConsoleSize);
    }

    [Fact]
    public void An_update_body_keeps_null_as_do_not_change()
    {
        var update = JsonSerializer.Deserialize("""{"Memory":67108864,"MemorySwap":134217728,"CpuShares":null,"RestartPolicy":{"Name":"always"}}""",
            WireJson.Context.ContainerUpdateRequest)!;
        Assert.Equal(67108864, update.Memory);
        Assert.Null(update.CpuShares);
        Assert.Null(update.PidsLimit);
        Assert.Equal("always", update.RestartPolicy!.Name);
    }
}
