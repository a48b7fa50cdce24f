using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Api.Containers;
using Wharf.Server.Http;

namespace Wharf.Server.Tests;

public sealed class JsonResponseTests
{
    static readonly ContainerSummary[] Summaries =
    [
        new()
        {
            Id = "5d51a25bd795075d0f9b652d229d828bcea0541014e10f07f20dec450932d4a5",
            Names = ["/zealous_brown"],
            Image = "busybox",
            ImageID = "sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020",
            Command = "sh -c 'echo \"a\" && exit 3'",
            Created = 1796007866,
            Ports = [new Port { PrivatePort = 80, Type = "tcp" }, new Port { IP = "0.0.0.0", PrivatePort = 53, PublicPort = 5353, Type = "udp" }],
            SizeRw = 12,
            Labels = new Dictionary<string, string> { ["日本"] = "<a&b> 'q' é\t", ["empty"] = "" },
            State = "exited",
            Status = "Exited (3) 2 minutes ago",
            HostConfig = new ContainerSummaryHostConfig("bridge"),
            NetworkSettings = new ContainerSummaryNetworkSettings(new Dictionary<string, EndpointSettings>
            {
                ["bridge"] = new() { Aliases = ["web"], IPAMConfig = new EndpointIpamConfig { IPv4Address = "10.0.0.2" } },
            }),
        },
        new()
        {
            Id = "b", Names = ["/b"], Image = "", ImageID = "", Command = "", State = "created", Status = "Created",
            HostConfig = new ContainerSummaryHostConfig("none"), NetworkSettings = new ContainerSummaryNetworkSettings(new Dictionary<string, EndpointSettings>()),
        },
    ];

    static string Body<T>(T value, JsonTypeInfo<T> type) => Encoding.UTF8.GetString(JsonResponse<T>.Serialize(value, type));

    [Fact]
    public void A_generated_fast_path_writes_what_the_serializer_writes()
    {
        var type = WireJson.Context.ContainerSummaryArray;
        Assert.NotNull(type.SerializeHandler);
        Assert.Equal(JsonSerializer.Serialize(Summaries, type) + "\n", Body(Summaries, type));
    }

    [Fact]
    public void Text_is_escaped_as_dockerd_escapes_it_neither_html_nor_non_ascii()
    {
        var body = Body(Summaries, WireJson.Context.ContainerSummaryArray);
        Assert.Contains("""
            "Labels":{"日本":"<a&b> 'q' é\t","empty":""}
            """, body);
        Assert.Contains("""
            "Command":"sh -c 'echo \"a\" && exit 3'"
            """, body);
        Assert.Contains("\"SizeRw\":12,", body);
        Assert.DoesNotContain("SizeRootFs", body);
        Assert.EndsWith("}]\n", body);
    }

    [Fact]
    public void A_type_without_a_fast_path_goes_through_the_serializer()
    {
        var type = WireJson.Context.Object;
        Assert.Null(type.SerializeHandler);
        Assert.Equal("{\"a\":\"日本<>\"}\n", Body<object>(JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["a"] = "日本<>" }), type));
    }

    [Fact]
    public void A_body_has_the_length_of_its_bytes_whatever_came_before()
    {
        // The buffer is sized by the last body of the type; a longer or shorter one must still come out whole.
        var small = Body(Summaries[1..], WireJson.Context.ContainerSummaryArray);
        var large = Body(Enumerable.Repeat(Summaries[0], 200).ToArray(), WireJson.Context.ContainerSummaryArray);
        var again = Body(Summaries[1..], WireJson.Context.ContainerSummaryArray);
        Assert.Equal(small, again);
        Assert.Equal(200, JsonDocument.Parse(large).RootElement.GetArrayLength());
    }
}
