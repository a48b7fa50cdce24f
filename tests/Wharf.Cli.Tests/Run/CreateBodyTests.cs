using System.Net;
using System.Text.Json.Nodes;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Run;

/// <summary>
/// run/create flags to the create body, compared with what the docker CLI 28 sends for the same flags
/// (Run/Golden/run-it-create.json was captured from it with Run/Golden/capture-create.py).
/// </summary>
public sealed class CreateBodyTests
{
    /// <summary>Fields of API versions after 1.41 that docker 28 sends and the 1.41 records do not declare (the daemon ignores them).</summary>
    static readonly HashSet<string> NewerThan141 = ["GwPriority", "DNSNames"];

    /// <summary>Fields docker 28 no longer sends; zero means "unset" to dockerd, as absence does.</summary>
    static readonly HashSet<string> RemovedZeros = ["KernelMemory", "KernelMemoryTCP"];

    static async Task<(int Code, string Body, string Request, string Err)> CreateBodyAsync(params string[] args)
    {
        var daemon = new RecordingDaemon().On("POST /containers/create", HttpStatusCode.InternalServerError, "{\"message\":\"captured\"}");
        var (context, _, err) = daemon.Cli(new Dictionary<string, string> { ["FROM_ENV"] = "local" });
        using (context)
        {
            var code = await CliApp.RunAsync(context, args, CancellationToken.None);
            var create = daemon.Requests.Single(r => r.Request.StartsWith("POST /containers/create", StringComparison.Ordinal));
            return (code, create.Body, create.Request, err.ToString());
        }
    }

    [Fact]
    public async Task Run_it_sends_the_docker_cli_body()
    {
        var (code, body, request, err) = await CreateBodyAsync("run", "-it", "--rm", "--name", "x", "-e", "A=b", "-v", "/tmp:/data:ro", "-m", "64m", "--cpus", "0.5", "busybox", "sh", "-c", "echo hi");
        Assert.Equal(125, code);
        Assert.Equal("wharf: Error response from daemon: captured\n\nRun 'wharf run --help' for more information\n", err);
        Assert.Equal("POST /containers/create?name=x", request);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Wharf.Cli.Tests", "Run", "Golden", "run-it-create.json")))!;
        AssertSameBody(expected, JsonNode.Parse(body)!, "$");
    }

    [Fact]
    public async Task Flags_stop_at_the_image_and_the_rest_is_the_command()
    {
        var (_, body, _, _) = await CreateBodyAsync("create", "-e", "A=1", "busybox", "ls", "-l", "-e", "B=2", "--rm", "-c", "x", "--", "-H");
        var json = JsonNode.Parse(body)!;
        Assert.Equal("""["ls","-l","-e","B=2","--rm","-c","x","--","-H"]""", json["Cmd"]!.ToJsonString());
        Assert.Equal("""["A=1"]""", json["Env"]!.ToJsonString());
        Assert.False(json["HostConfig"]!["AutoRemove"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Short_h_is_the_hostname_and_short_c_the_cpu_shares_as_in_dockers_run()
    {
        var (_, body, _, _) = await CreateBodyAsync("run", "-h", "shorthost", "-c", "512", "busybox", "hostname");
        var json = JsonNode.Parse(body)!;
        Assert.Equal("shorthost", json["Hostname"]!.GetValue<string>());
        Assert.Equal(512, json["HostConfig"]!["CpuShares"]!.GetValue<long>());
        Assert.Equal("""["hostname"]""", json["Cmd"]!.ToJsonString());
    }

    [Fact]
    public async Task Flags_with_values_bundles_and_attached_values_are_skipped_before_the_image()
    {
        var (_, body, request, _) = await CreateBodyAsync("create", "-it", "--name=n1", "-p8080:80", "-w", "/tmp", "-u", "1:2", "--restart", "on-failure:3", "busybox:1.36", "true");
        var json = JsonNode.Parse(body)!;
        Assert.Equal("POST /containers/create?name=n1", request);
        Assert.Equal("busybox:1.36", json["Image"]!.GetValue<string>());
        Assert.Equal("""["true"]""", json["Cmd"]!.ToJsonString());
        Assert.True(json["Tty"]!.GetValue<bool>());
        Assert.Equal("/tmp", json["WorkingDir"]!.GetValue<string>());
        Assert.Equal("1:2", json["User"]!.GetValue<string>());
        Assert.Equal("""{"80/tcp":{}}""", json["ExposedPorts"]!.ToJsonString());
        Assert.Equal("""{"80/tcp":[{"HostIp":"","HostPort":"8080"}]}""", json["HostConfig"]!["PortBindings"]!.ToJsonString());
        Assert.Equal("""{"Name":"on-failure","MaximumRetryCount":3}""", json["HostConfig"]!["RestartPolicy"]!.ToJsonString());
    }

    [Theory]
    [InlineData("-H", "unix:///x.sock", "container", "create")]
    [InlineData("--tls", "container", "create", "--rm")]
    [InlineData("create", "--rm", "--", "--not-a-flag")]
    public void The_split_skips_global_flags_and_the_container_group_and_respects_a_users_double_dash(params string[] args)
    {
        var root = Commands.RootCommandFactory.Create(new RecordingDaemon().Cli().Context).Command;
        string[] line = [.. args, "busybox", "ls", "-l"];
        var normalized = Commands.Run.CommandLineSplit.Normalize(root, line);
        if (args.Contains("--"))
        {
            Assert.Equal(line, normalized);
            return;
        }
        Assert.Equal([.. args, "--", "busybox", "ls", "-l"], normalized);
        string[] images = ["images", "-a", "busybox", "-q"];
        Assert.Same(images, Commands.Run.CommandLineSplit.Normalize(root, images));
    }

    [Fact]
    public async Task The_golden_capture_flags_map_as_docker_maps_them()
    {
        // The flags of the capture's step 050 (ENGINE-API-NOTES 6.3), less --dns, whose body the table gives.
        var (_, body, _, _) = await CreateBodyAsync("create", "--name", "full", "-e", "A=1", "--env", "B=two", "-e", "FROM_ENV", "-e", "UNSET",
            "--hostname", "gthost", "--add-host", "extra.example:10.1.2.3", "--tmpfs", "/scratch:size=1m", "--cap-add", "net_admin", "--cap-drop", "MKNOD",
            "--memory", "32m", "--cpus", "0.5", "--pids-limit", "50", "--init", "--log-opt", "max-size=1m", "--health-cmd", "true",
            "--health-interval", "5s", "--entrypoint", "sh", "--stop-signal", "SIGINT", "--stop-timeout", "4", "--ulimit", "nofile=1024:2048",
            "--read-only", "--shm-size", "8m", "--security-opt", "no-new-privileges", "-l", "purpose=golden", "-p", "127.0.0.1::81/udp",
            "--mount", "type=volume,src=v,dst=/m", "--mount", "type=tmpfs,dst=/t", "-v", "/anon", "--device", "/dev/fuse", "--memory-swap", "-1",
            "busybox", "-c", "id");
        var json = JsonNode.Parse(body)!;
        var host = json["HostConfig"]!;
        Assert.Equal("""["A=1","B=two","FROM_ENV=local","UNSET"]""", json["Env"]!.ToJsonString());
        Assert.Equal("gthost", json["Hostname"]!.GetValue<string>());
        Assert.Equal("""["sh"]""", json["Entrypoint"]!.ToJsonString());
        Assert.Equal("""["-c","id"]""", json["Cmd"]!.ToJsonString());
        Assert.Equal("""{"purpose":"golden"}""", json["Labels"]!.ToJsonString());
        Assert.Equal("SIGINT", json["StopSignal"]!.GetValue<string>());
        Assert.Equal(4, json["StopTimeout"]!.GetValue<int>());
        Assert.Equal("""["CMD-SHELL","true"]""", json["Healthcheck"]!["Test"]!.ToJsonString());
        Assert.Equal(5_000_000_000, json["Healthcheck"]!["Interval"]!.GetValue<long>());
        Assert.Equal("""{"/anon":{}}""", json["Volumes"]!.ToJsonString());
        Assert.Equal("""{"81/udp":{}}""", json["ExposedPorts"]!.ToJsonString());
        Assert.Equal("""{"81/udp":[{"HostIp":"127.0.0.1","HostPort":""}]}""", host["PortBindings"]!.ToJsonString());
        Assert.Equal("""["extra.example:10.1.2.3"]""", host["ExtraHosts"]!.ToJsonString());
        Assert.Equal("""{"/scratch":"size=1m"}""", host["Tmpfs"]!.ToJsonString());
        Assert.Equal("""["CAP_NET_ADMIN"]""", host["CapAdd"]!.ToJsonString());
        Assert.Equal("""["CAP_MKNOD"]""", host["CapDrop"]!.ToJsonString());
        Assert.Equal(33554432, host["Memory"]!.GetValue<long>());
        Assert.Equal(-1, host["MemorySwap"]!.GetValue<long>());
        Assert.Equal(500000000, host["NanoCpus"]!.GetValue<long>());
        Assert.Equal(50, host["PidsLimit"]!.GetValue<long>());
        Assert.Equal(8388608, host["ShmSize"]!.GetValue<long>());
        Assert.True(host["Init"]!.GetValue<bool>());
        Assert.True(host["ReadonlyRootfs"]!.GetValue<bool>());
        Assert.Equal("""{"Type":"","Config":{"max-size":"1m"}}""", host["LogConfig"]!.ToJsonString());
        Assert.Equal("""[{"Name":"nofile","Soft":1024,"Hard":2048}]""", host["Ulimits"]!.ToJsonString());
        Assert.Equal("""["no-new-privileges"]""", host["SecurityOpt"]!.ToJsonString());
        Assert.Equal("""[{"PathOnHost":"/dev/fuse","PathInContainer":"/dev/fuse","CgroupPermissions":"rwm"}]""", host["Devices"]!.ToJsonString());
        Assert.Equal("""[{"Target":"/m","Source":"v","Type":"volume"},{"Target":"/t","Type":"tmpfs"}]""", host["Mounts"]!.ToJsonString());
    }

    [Theory]
    [InlineData("-m", "64x", "invalid argument \"64x\" for \"-m, --memory\" flag: invalid size: '64x'")]
    [InlineData("--cpus", "half", "invalid argument \"half\" for \"--cpus\" flag: failed to parse half as a rational number")]
    [InlineData("-p", "80/icmp", "invalid argument \"80/icmp\" for \"-p, --publish\" flag: invalid proto: icmp")]
    [InlineData("--restart", "on-failure:x", "invalid argument \"on-failure:x\" for \"--restart\" flag: invalid restart policy format: maximum retry count must be an integer")]
    [InlineData("--ulimit", "nofile=2:1", "invalid argument \"nofile=2:1\" for \"--ulimit\" flag: ulimit soft limit must be less than or equal to hard limit: 2 > 1")]
    [InlineData("--health-interval", "5x", "invalid argument \"5x\" for \"--health-interval\" flag: time: invalid duration \"5x\"")]
    public async Task Bad_values_are_refused_before_any_request_with_dockers_words(string flag, string value, string message)
    {
        var daemon = new RecordingDaemon();
        var (context, _, err) = daemon.Cli();
        using (context)
        {
            Assert.Equal(125, await CliApp.RunAsync(context, ["run", flag, value, "busybox"], CancellationToken.None));
            Assert.Equal($"{message}\nSee 'wharf run --help'.\n", err.ToString());
            Assert.Empty(daemon.Requests);
        }
    }

    [Fact]
    public async Task Rm_and_a_restart_policy_conflict()
    {
        var daemon = new RecordingDaemon();
        var (context, _, err) = daemon.Cli();
        using (context)
        {
            Assert.Equal(125, await CliApp.RunAsync(context, ["run", "--rm", "--restart", "always", "busybox"], CancellationToken.None));
            Assert.Equal("Conflicting options: --restart and --rm\n", err.ToString());
        }
    }

    [Fact]
    public async Task Run_d_creates_registers_the_wait_starts_and_prints_the_id()
    {
        var id = new string('a', 64);
        var daemon = new RecordingDaemon()
            .On("POST /containers/create", HttpStatusCode.Created, $"{{\"Id\":\"{id}\",\"Warnings\":[]}}")
            .On($"POST /containers/{id}/wait", HttpStatusCode.OK, "{\"Error\":null,\"StatusCode\":0}")
            .On($"POST /containers/{id}/start", HttpStatusCode.NoContent, "");
        var (context, output, _) = daemon.Cli();
        using (context)
        {
            Assert.Equal(0, await CliApp.RunAsync(context, ["run", "-d", "--name", "web", "busybox", "sleep", "9"], CancellationToken.None));
            Assert.Equal(id + "\n", output.ToString());
            Assert.Equal(["POST /containers/create?name=web", $"POST /containers/{id}/wait?condition=next-exit", $"POST /containers/{id}/start"],
                daemon.Requests.Select(r => r.Request));
            var body = JsonNode.Parse(daemon.Requests[0].Body)!;
            Assert.False(body["AttachStdout"]!.GetValue<bool>());
            Assert.False(body["AttachStderr"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task A_missing_image_is_pulled_and_the_daemons_refusal_exits_125()
    {
        var daemon = new RecordingDaemon()
            .On("POST /containers/create", HttpStatusCode.NotFound, "{\"message\":\"No such image: nosuch:latest\"}")
            .On("POST /images/create", HttpStatusCode.NotImplemented, "{\"message\":\"pull is not implemented\"}");
        var (context, _, err) = daemon.Cli();
        using (context)
        {
            Assert.Equal(125, await CliApp.RunAsync(context, ["run", "--rm", "nosuch"], CancellationToken.None));
            Assert.Equal("Unable to find image 'nosuch:latest' locally\nwharf: Error response from daemon: pull is not implemented\n\nRun 'wharf run --help' for more information\n", err.ToString());
            Assert.Equal("POST /images/create?fromImage=docker.io%2Flibrary%2Fnosuch&tag=latest", daemon.Requests[1].Request);
        }
    }

    static void AssertSameBody(JsonNode expected, JsonNode actual, string path)
    {
        if (expected is JsonObject e && actual is JsonObject a)
        {
            foreach (var (key, value) in e)
            {
                if (!a.ContainsKey(key))
                {
                    Assert.True(NewerThan141.Contains(key), $"{path}.{key} is missing; docker sends {value?.ToJsonString() ?? "null"}");
                    continue;
                }
                if (value is null) Assert.True(a[key] is null, $"{path}.{key}: docker sends null, we send {a[key]?.ToJsonString()}");
                else
                {
                    Assert.True(a[key] is not null, $"{path}.{key}: docker sends {value.ToJsonString()}, we send null");
                    AssertSameBody(value, a[key]!, $"{path}.{key}");
                }
            }
            foreach (var (key, value) in a)
            {
                if (e.ContainsKey(key)) continue;
                // Go leaves empty pointers out (omitempty); null and absence mean the same to dockerd.
                var unset = value is null || (RemovedZeros.Contains(key) && value.GetValue<long>() == 0);
                Assert.True(unset, $"{path}.{key} = {value?.ToJsonString()} is not in docker's body");
            }
            return;
        }
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: docker sends {expected.ToJsonString()}, we send {actual.ToJsonString()}");
    }
}
