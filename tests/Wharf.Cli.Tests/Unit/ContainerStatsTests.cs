using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Containers;
using Wharf.Cli.Commands.Container;
using Wharf.Cli.Templates;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Unit;

public sealed class ContainerStatsTests
{
    /// <summary>A busy sample: 20% of two CPUs, 96MiB of 2GiB without the 4MiB of inactive page cache, two interfaces, three blkio rows.</summary>
    const string Busy = """
        {"read":"2026-11-30T12:00:01Z","preread":"2026-11-30T12:00:00Z","name":"/web","id":"4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c",
         "pids_stats":{"current":7},
         "blkio_stats":{"io_service_bytes_recursive":[{"major":8,"minor":0,"op":"Read","value":4096},{"major":8,"minor":16,"op":"read","value":1000},{"major":8,"minor":0,"op":"Write","value":8192},{"major":8,"minor":0,"op":"Total","value":13288},{"major":8,"minor":0,"op":"","value":5}]},
         "cpu_stats":{"cpu_usage":{"total_usage":300000000},"system_cpu_usage":22000000000,"online_cpus":2},
         "precpu_stats":{"cpu_usage":{"total_usage":100000000},"system_cpu_usage":20000000000},
         "memory_stats":{"usage":104857600,"limit":2147483648,"stats":{"total_inactive_file":4194304,"inactive_file":1}},
         "networks":{"eth0":{"rx_bytes":1500,"tx_bytes":2500},"eth1":{"rx_bytes":500,"tx_bytes":0}}}
        """;

    static ContainerStats Parse(string json) => JsonSerializer.Deserialize(json, WharfJson.Default.ContainerStats)!;

    [Fact]
    public void Arithmetic_follows_the_docker_cli()
    {
        var e = StatsRows.Compute("web", Parse(Busy));
        Assert.Equal(20.0, e.CpuPercentage, 9);
        Assert.Equal(96.0 * 1024 * 1024, e.Memory);
        Assert.Equal(4.6875, e.MemoryPercentage, 9);
        Assert.Equal((2000.0, 2500.0), (e.NetworkRx, e.NetworkTx));
        Assert.Equal((5096.0, 8192.0), (e.BlockRead, e.BlockWrite));
        var row = StatsRows.Row(e, truncate: true);
        Assert.Equal("""{"BlockIO":"5.1kB / 8.19kB","CPUPerc":"20.00%","Container":"web","ID":"4f1c2d3e4f5a","MemPerc":"4.69%","MemUsage":"96MiB / 2GiB","Name":"web","NetIO":"2kB / 2.5kB","PIDs":"7"}""",
            TemplateValues.ToJson(row));
    }

    [Fact]
    public void A_real_dockerd_sample_and_its_fallbacks()
    {
        // Captured from dockerd 28 (cgroup v1): an idle sleep, no CPU since the previous reading, no network namespace.
        var sample = Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Wharf.Cli.Tests", "Samples", "dockerd-stats.json")));
        var row = StatsRows.Row(StatsRows.Compute("w1", sample), truncate: true);
        Assert.Equal("""{"BlockIO":"0B / 0B","CPUPerc":"0.00%","Container":"w1","ID":"e3b3b7601970","MemPerc":"0.52%","MemUsage":"344KiB / 64MiB","Name":"w1","NetIO":"0B / 0B","PIDs":"1"}""",
            TemplateValues.ToJson(row));

        // No online_cpus: the per-CPU list counts the CPUs. cgroup v2: inactive_file.
        var v2 = Parse("""{"read":"","preread":"","name":"/x","id":"x","cpu_stats":{"cpu_usage":{"total_usage":200,"percpu_usage":[1,2,3,4]},"system_cpu_usage":2000},"precpu_stats":{"cpu_usage":{"total_usage":100},"system_cpu_usage":1000},"memory_stats":{"usage":1000,"limit":0,"stats":{"inactive_file":200}}}""");
        var e = StatsRows.Compute("x", v2);
        Assert.Equal(40.0, e.CpuPercentage, 9);
        Assert.Equal(800.0, e.Memory);
        Assert.Equal(0.0, e.MemoryPercentage);

        // A container that never ran: empty objects everywhere.
        var empty = Parse("""{"read":"0001-01-01T00:00:00Z","preread":"0001-01-01T00:00:00Z","name":"/w3","id":"fda067b019f1aa","pids_stats":{},"blkio_stats":{"io_service_bytes_recursive":null},"cpu_stats":{"cpu_usage":{"total_usage":0},"throttling_data":{}},"precpu_stats":{"cpu_usage":{"total_usage":0}},"memory_stats":{}}""");
        Assert.Equal("""{"BlockIO":"0B / 0B","CPUPerc":"0.00%","Container":"w3","ID":"fda067b019f1","MemPerc":"0.00%","MemUsage":"0B / 0B","Name":"w3","NetIO":"0B / 0B","PIDs":"0"}""",
            TemplateValues.ToJson(StatsRows.Row(StatsRows.Compute("w3", empty), truncate: true)));
        Assert.True(StatsRows.Row(StatsRows.Entry.Invalid("gone"), true).TryGetField("CPUPerc", out var cpu));
        Assert.Equal("--", cpu);
    }

    [Fact]
    public async Task No_stream_prints_one_table_or_only_the_errors()
    {
        var daemon = new FakeDaemon()
            .On("GET /containers/web/stats", Busy)
            .On("GET /containers/nope/stats", """{"message":"No such container: nope"}""", System.Net.HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("stats", "--no-stream", "web"));
        Golden.Assert(cli.Out.ToString(), "stats.golden");
        Assert.Equal("GET /containers/web/stats?stream=0", daemon.Requests[^1]);

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("container", "stats", "--no-stream", "web", "nope"));
        Assert.Equal("", cli.Out.ToString());
        Assert.Equal("Error response from daemon: No such container: nope\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("stats", "--no-stream", "--no-trunc", "--format", "{{.Container}} {{.ID}} {{.CPUPerc}}", "web"));
        Assert.Equal("web 4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c 20.00%\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Live_stats_redraw_the_table_every_second_on_a_terminal_until_cancelled()
    {
        var daemon = new FakeDaemon().On("GET /containers/web/stats", _ => new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new System.Net.Http.StringContent(Busy.ReplaceLineEndings("") + "\n"),
        });
        var output = new StringWriter();
        using var context = new CliContext(output, new StringWriter(), _ => null, new Wharf.Cli.Hosts.ContextStore("/nonexistent-wharf-config"),
            _ => Wharf.Client.WharfClient.ForHandler(daemon, new Uri("http://fake"), ApiVersion.Current)) { OutIsTerminal = true };
        using var cts = new CancellationTokenSource();
        var run = StatsCommand.RunAsync(context, new(["web"], false, false, false, null), cts.Token);
        // Two frames: the first at once, the next a second later.
        await ContainerTestKitPolling.UntilAsync(() => output.ToString().Split("\u001b[2J").Length > 2 && output.ToString().EndsWith("   7\n", StringComparison.Ordinal));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var frames = output.ToString().Split("\u001b[2J\u001b[H", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(frames.Length >= 2, output.ToString());
        Assert.All(frames, f => Assert.StartsWith("CONTAINER ID   NAME      CPU %", f, StringComparison.Ordinal));
        Assert.Contains("4f1c2d3e4f5a   web       20.00%    96MiB / 2GiB        4.69%     2kB / 2.5kB   5.1kB / 8.19kB   7\n", frames[^1], StringComparison.Ordinal);
        Assert.Contains("GET /containers/web/stats?stream=1", daemon.Requests);
    }
}

/// <summary>Polls a condition (never a blind sleep), for at most 10 s.</summary>
internal static class ContainerTestKitPolling
{
    public static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
