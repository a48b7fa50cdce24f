using System.Text.Json.Nodes;
using Wharf.Engine.Linux.Networks;
using Wharf.Engine.Processes;
using Wharf.Testing;

namespace Wharf.Engine.Linux.Tests.Networks;

public sealed class CniInvokerTests
{
    static readonly CniOptions Options = new("/run/wharf-test") { PluginDirectory = "/opt/cni" };
    static readonly CniCall Call = new("c1", "/run/wharf-test/netns/c1", "eth0");

    static JsonObject Plugin(string type) => new() { ["cniVersion"] = "1.0.0", ["name"] = "n", ["type"] = type };

    [Fact]
    public async Task Add_runs_the_plugin_with_cni_variables_and_config_on_stdin_and_passes_results_along()
    {
        var runner = new FakeProcessRunner
        {
            OnRun = spec => new ProcessResult(0, $$"""{"cniVersion":"1.0.0","by":"{{Path.GetFileName(spec.FileName)}}"}""", ""),
        };
        var result = await new CniInvoker(runner, Options).AddAsync([Plugin("bridge"), Plugin("firewall")], Call, CancellationToken.None);

        Assert.Equal("firewall", result!["by"]!.GetValue<string>());
        var calls = runner.Calls;
        Assert.Equal(["/opt/cni/bridge", "/opt/cni/firewall"], calls.Select(c => c.FileName));
        Assert.Equal("ADD", calls[0].Environment["CNI_COMMAND"]);
        Assert.Equal("c1", calls[0].Environment["CNI_CONTAINERID"]);
        Assert.Equal("/run/wharf-test/netns/c1", calls[0].Environment["CNI_NETNS"]);
        Assert.Equal("eth0", calls[0].Environment["CNI_IFNAME"]);
        Assert.Equal("/opt/cni", calls[0].Environment["CNI_PATH"]);
        Assert.Null(JsonNode.Parse(calls[0].StandardInput!)!["prevResult"]);
        Assert.Equal("bridge", JsonNode.Parse(calls[1].StandardInput!)!["prevResult"]!["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_runs_in_reverse_with_the_result_and_every_plugin_even_after_a_failure()
    {
        var runner = new FakeProcessRunner
        {
            OnRun = spec => spec.FileName.EndsWith("portmap", StringComparison.Ordinal)
                ? new ProcessResult(1, """{"code":999,"msg":"portmap broke"}""", "")
                : new ProcessResult(0, "", ""),
        };
        var result = new JsonObject { ["cniVersion"] = "1.0.0", ["ips"] = new JsonArray() };
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            new CniInvoker(runner, Options).DeleteAsync([Plugin("bridge"), Plugin("firewall"), Plugin("portmap")], result, Call, CancellationToken.None));

        Assert.Equal("CNI plugin portmap DEL failed: portmap broke", e.Message);
        Assert.Equal(["/opt/cni/portmap", "/opt/cni/firewall", "/opt/cni/bridge"], runner.Calls.Select(c => c.FileName));
        Assert.All(runner.Calls, c => Assert.Equal("DEL", c.Environment["CNI_COMMAND"]));
        Assert.All(runner.Calls, c => Assert.NotNull(JsonNode.Parse(c.StandardInput!)!["prevResult"]!["ips"]));
    }

    [Fact]
    public async Task A_failed_add_deletes_what_ran_and_throws_the_plugins_error()
    {
        var runner = new FakeProcessRunner
        {
            OnRun = spec => (spec.FileName.EndsWith("firewall", StringComparison.Ordinal), spec.Environment["CNI_COMMAND"]) switch
            {
                (true, "ADD") => new ProcessResult(1, """{"cniVersion":"1.0.0","code":11,"msg":"failed to list chains","details":"iptables is gone"}""", ""),
                (false, "ADD") => new ProcessResult(0, """{"cniVersion":"1.0.0"}""", ""),
                _ => new ProcessResult(0, "", ""),
            },
        };
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            new CniInvoker(runner, Options).AddAsync([Plugin("bridge"), Plugin("firewall"), Plugin("portmap")], Call, CancellationToken.None));

        Assert.Equal(ErrorKind.Internal, e.Kind);
        Assert.Equal("CNI plugin firewall ADD failed: failed to list chains: iptables is gone", e.Message);
        Assert.Equal(["bridge ADD", "firewall ADD", "firewall DEL", "bridge DEL"],
            runner.Calls.Select(c => Path.GetFileName(c.FileName) + " " + c.Environment["CNI_COMMAND"]));
    }

    [Theory]
    [InlineData("""{"code":7,"msg":"no such network"}""", "", "CNI plugin bridge ADD failed: no such network")]
    [InlineData("""{"code":7,"msg":"","details":"only details"}""", "", "CNI plugin bridge ADD failed: only details")]
    [InlineData("not json", "plugin panicked\n", "CNI plugin bridge ADD failed: plugin panicked")]
    [InlineData("", "", "CNI plugin bridge ADD failed: exit status 2")]
    public void Errors_keep_the_plugins_words(string stdout, string stderr, string expected)
    {
        Assert.Equal(expected, CniErrors.From("bridge", "ADD", 2, stdout, stderr).Message);
    }
}
