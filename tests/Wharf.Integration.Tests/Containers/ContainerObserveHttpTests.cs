using Wharf.Testing;
using System.Formats.Tar;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Wharf.Api.Containers;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Containers;

/// <summary>top, stats, export and system df through a real wharfd: the wire shapes and framing the docker CLI reads.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContainerObserveHttpTests
{
    [RootFact]
    public async Task Top_stats_export_and_df_of_a_running_container()
    {
        await using var daemon = new WharfdFixture();
        await daemon.StartAsync();
        await Busybox.ImportAsync(daemon.Client, "busybox", "latest");
        using var http = Http(daemon.SocketPath);
        var id = (await daemon.Client.Containers.CreateAsync(new ContainerCreateRequest
        {
            Image = "busybox",
            Cmd = ["sh", "-c", "echo hi > /wrote.txt; exec sleep 1000"],
            HostConfig = new HostConfig { NetworkMode = "none" },
        }, "observed")).Id;
        try
        {
            await daemon.Client.Containers.StartAsync(id);

            using var top = JsonDocument.Parse(await http.GetStringAsync("/v1.41/containers/observed/top?ps_args=-o+pid%2Ccomm"));
            Assert.Equal("""["PID","COMMAND"]""", top.RootElement.GetProperty("Titles").GetRawText());
            Assert.Equal(JsonValueKind.Array, top.RootElement.GetProperty("Processes").ValueKind);
            await Poll.UntilAsync(async () =>
            {
                using var t = JsonDocument.Parse(await http.GetStringAsync("/v1.41/containers/observed/top"));
                return t.RootElement.GetProperty("Processes").EnumerateArray().Any(p => p[7].GetString() == "sleep 1000");
            }, "sleep 1000 in top");

            using (var one = await http.GetAsync("/v1.41/containers/observed/stats?stream=0"))
            {
                Assert.Equal(HttpStatusCode.OK, one.StatusCode);
                Assert.Equal("application/json", one.Content.Headers.ContentType?.MediaType);
                using var stats = JsonDocument.Parse(await one.Content.ReadAsStringAsync());
                var root = stats.RootElement;
                Assert.Equal("/observed", root.GetProperty("name").GetString());
                Assert.Equal(id, root.GetProperty("id").GetString());
                Assert.True(root.GetProperty("memory_stats").GetProperty("usage").GetUInt64() > 0);
                Assert.True(root.GetProperty("pids_stats").GetProperty("current").GetUInt64() >= 1);
                Assert.NotEqual("0001-01-01T00:00:00Z", root.GetProperty("preread").GetString());
                Assert.True(root.GetProperty("precpu_stats").GetProperty("system_cpu_usage").GetUInt64() > 0);
                Assert.False(root.TryGetProperty("networks", out _));
            }

            using (var streamed = await http.GetAsync("/v1.41/containers/observed/stats", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Null(streamed.Content.Headers.ContentType);
                using var reader = new StreamReader(await streamed.Content.ReadAsStreamAsync());
                using var first = JsonDocument.Parse(await reader.ReadLineAsync() ?? "");
                using var second = JsonDocument.Parse(await reader.ReadLineAsync() ?? "");
                Assert.Equal("0001-01-01T00:00:00Z", first.RootElement.GetProperty("preread").GetString());
                Assert.Equal(first.RootElement.GetProperty("read").GetString(), second.RootElement.GetProperty("preread").GetString());
            }

            using (var export = await http.GetAsync("/v1.41/containers/observed/export", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal("application/octet-stream", export.Content.Headers.ContentType?.MediaType);
                Assert.Null(export.Content.Headers.ContentLength); // streamed, chunked
                var names = new Dictionary<string, string?>(StringComparer.Ordinal);
                using var tar = new TarReader(await export.Content.ReadAsStreamAsync());
                while (await tar.GetNextEntryAsync(copyData: true) is { } entry)
                    names[entry.Name] = entry.Name == "wrote.txt" && entry.DataStream is { } d ? await new StreamReader(d).ReadToEndAsync() : null;
                Assert.Contains("bin/busybox", names.Keys);
                Assert.Equal("hi\n", names["wrote.txt"]);
            }

            using var df = JsonDocument.Parse(await http.GetStringAsync("/v1.41/system/df"));
            var listed = Assert.Single(df.RootElement.GetProperty("Containers").EnumerateArray());
            Assert.Equal(id, listed.GetProperty("Id").GetString());
            Assert.Equal("""["/observed"]""", listed.GetProperty("Names").GetRawText());
            Assert.Equal("running", listed.GetProperty("State").GetString());
            Assert.True(listed.GetProperty("SizeRw").GetInt64() > 0);
            Assert.True(listed.GetProperty("SizeRootFs").GetInt64() > listed.GetProperty("SizeRw").GetInt64());
        }
        finally
        {
            await daemon.Client.Containers.RemoveAsync(id, force: true);
        }
    }

    [RootFact]
    public async Task A_stopped_container_gives_one_empty_stats_sample_and_top_409()
    {
        await using var daemon = new WharfdFixture();
        await daemon.StartAsync();
        await Busybox.ImportAsync(daemon.Client, "busybox", "latest");
        using var http = Http(daemon.SocketPath);
        var id = (await daemon.Client.Containers.CreateAsync(new ContainerCreateRequest
        {
            Image = "busybox",
            Cmd = ["true"],
            HostConfig = new HostConfig { NetworkMode = "none" },
        }, "idle")).Id;
        try
        {
            using var stats = JsonDocument.Parse(await http.GetStringAsync("/v1.41/containers/idle/stats?stream=0"));
            Assert.Equal("0001-01-01T00:00:00Z", stats.RootElement.GetProperty("read").GetString());
            Assert.Equal("/idle", stats.RootElement.GetProperty("name").GetString());
            Assert.Equal("{}", stats.RootElement.GetProperty("memory_stats").GetRawText());
            Assert.Equal(JsonValueKind.Null, stats.RootElement.GetProperty("blkio_stats").GetProperty("io_service_bytes_recursive").ValueKind);

            using var top = await http.GetAsync("/v1.41/containers/idle/top");
            Assert.Equal(HttpStatusCode.Conflict, top.StatusCode);
            Assert.Equal($$"""{"message":"Container {{id}} is not running"}""", (await top.Content.ReadAsStringAsync()).Trim());
        }
        finally
        {
            await daemon.Client.Containers.RemoveAsync(id, force: true);
        }
    }

    static HttpClient Http(string socket) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
            return new NetworkStream(s, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://api.moby.localhost"), Timeout = TimeSpan.FromSeconds(60) };
}
