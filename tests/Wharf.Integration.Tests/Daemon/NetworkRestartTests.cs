using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Daemon;

/// <summary>
/// Container networking across daemon restarts, with a real wharfd and the real docker CLI: after SIGTERM or
/// <c>kill -9</c> the running containers still reach each other by name and their published port still answers on
/// 127.0.0.1; a container removed while the daemon was down gives its address back at the next start; and once
/// everything is removed no veth, namespace mount, iptables rule or chain of the test's networks is left.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class NetworkRestartTests
{
    const string Image = "netlr:1";

    [DockerCliFact]
    public Task Networking_lives_through_a_SIGTERM_restart() => RestartAsync(kill: false);

    [DockerCliFact]
    public Task Networking_lives_through_kill_9() => RestartAsync(kill: true);

    static async Task RestartAsync(bool kill)
    {
        var linksBefore = await LinksAsync();
        await using var daemon = new WharfdFixture();
        using var docker = new DockerCli(daemon.SocketPath);
        var parts = daemon.BridgeIp.Split('.');
        var subnet = $"10.{parts[1]}.{(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + 17) % 256}.0/24";
        string networkId = "";
        try
        {
            await daemon.StartAsync();
            await Busybox.ImportAsync(daemon.Client, "netlr", "1", "CMD [\"sh\"]");
            networkId = Cli.Ok(await docker.RunAsync("network", "create", "--subnet", subnet, "netlr-net")).Trim();
            Cli.Ok(await docker.RunAsync("run", "-d", "--name", "netlr-web", "--network", "netlr-net", "-p", "127.0.0.1::80", Image,
                "sh", "-c", "mkdir -p /www && echo served > /www/index.html && exec httpd -f -p 80 -h /www"));
            Cli.Ok(await docker.RunAsync("run", "-d", "--name", "netlr-client", "--network", "netlr-net", Image, "sleep", "300"));
            Cli.Ok(await docker.RunAsync("run", "-d", "--name", "netlr-gone", "--network", "netlr-net", Image, "sleep", "300"));
            var port = Cli.Ok(await docker.RunAsync("port", "netlr-web", "80")).Trim();
            await FetchAsync(docker, port);

            var gonePid = int.Parse(Cli.Ok(await docker.RunAsync("inspect", "-f", "{{.State.Pid}}", "netlr-gone")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (kill) await daemon.KillAsync();
            else await daemon.StopAsync();
            // Ends while no daemon runs: its network must be given back when the daemon sees it gone.
            System.Diagnostics.Process.GetProcessById(gonePid).Kill();
            await daemon.StartAsync();
            await Poll.UntilAsync(async () => (await docker.RunAsync("inspect", "-f", "{{.State.Status}}", "netlr-gone")).Stdout.Trim() == "exited", "netlr-gone seen exited");

            await FetchAsync(docker, port);
            var byName = await docker.RunAsync("exec", "netlr-client", "wget", "-qO-", "http://netlr-web/");
            Assert.True(byName.ExitCode == 0 && byName.Stdout == "served\n", byName.ToString());
            Assert.Equal(port, Cli.Ok(await docker.RunAsync("port", "netlr-web", "80")).Trim());

            // A new container does not get an address still in use.
            Cli.Ok(await docker.RunAsync("run", "-d", "--name", "netlr-late", "--network", "netlr-net", Image, "sleep", "300"));
            var addresses = new List<string>();
            foreach (var name in (string[])["netlr-web", "netlr-client", "netlr-late"])
                addresses.Add(Cli.Ok(await docker.RunAsync("inspect", "-f", "{{(index .NetworkSettings.Networks \"netlr-net\").IPAddress}}", name)).Trim());
            Assert.Equal(3, addresses.Distinct().Count(a => a.Length > 0));
            Assert.Equal("", Cli.Ok(await docker.RunAsync("inspect", "-f", "{{(index .NetworkSettings.Networks \"netlr-net\").IPAddress}}", "netlr-gone")).Trim());
            var members = Cli.Ok(await docker.RunAsync("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", "netlr-net"));
            Assert.DoesNotContain("netlr-gone", members, StringComparison.Ordinal);

            foreach (var name in (string[])["netlr-web", "netlr-client", "netlr-gone", "netlr-late"])
                Cli.Ok(await docker.RunAsync("rm", "-f", name));
            Cli.Ok(await docker.RunAsync("network", "rm", "netlr-net"));

            // Nothing of the network is left: its bridge, veths, namespaces, rules.
            var links = await LinksAsync();
            Assert.DoesNotContain(links, l => !linksBefore.Contains(l) && l != daemon.BridgeName);
            var rules = (await ProcessRunner.RunAsync("iptables-save", [])).Stdout;
            Assert.DoesNotContain(subnet, rules, StringComparison.Ordinal);
            Assert.DoesNotContain("WHARF-" + networkId[..12], rules, StringComparison.Ordinal);
            Assert.DoesNotContain(File.ReadAllLines("/proc/self/mounts"), m => m.Contains(daemon.ExecRoot, StringComparison.Ordinal));
            Assert.Empty(Directory.Exists(Path.Combine(daemon.ExecRoot, "netns")) ? Directory.GetFiles(Path.Combine(daemon.ExecRoot, "netns")) : []);
        }
        finally
        {
            foreach (var name in (string[])["netlr-web", "netlr-client", "netlr-gone", "netlr-late"]) await docker.RunAsync("rm", "-f", name);
            await docker.RunAsync("network", "rm", "netlr-net");
        }
    }

    static async Task FetchAsync(DockerCli docker, string port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? body = null;
        await Poll.UntilAsync(async () =>
        {
            try { body = await http.GetStringAsync($"http://{port}/"); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException) { return false; }
            return true;
        }, $"the published port {port}");
        Assert.Equal("served\n", body);
    }

    static async Task<string[]> LinksAsync() =>
        [.. (await ProcessRunner.RunAsync("ip", ["-o", "link", "show"])).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':')[1].Trim().Split('@')[0])];
}
