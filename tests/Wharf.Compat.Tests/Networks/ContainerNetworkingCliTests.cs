using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests.Networks;

/// <summary>
/// Containers on networks through the real docker CLI: a user-defined network where containers find each other by
/// name and alias (and not across networks), published ports reached from the host, a static address, live connect
/// and disconnect, <c>host</c> and <c>none</c>. Every test removes its containers, networks and volumes; the fixture
/// removes its bridge.
/// </summary>
public sealed class ContainerNetworkingCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-netrun-busybox:v1";
    readonly CliContainers _c = new(daemon);
    readonly List<string> _networks = [];
    readonly List<string> _volumes = [];

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess) await _c.ImportAsync(Image);
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        using var docker = new DockerCli(daemon.SocketPath);
        foreach (var v in _volumes) await docker.RunAsync("volume", "rm", "-f", v);
        foreach (var n in _networks) await docker.RunAsync("network", "rm", n);
    }

    Task<ProcessResult> Docker(params string[] args) => _c.RunAsync(args);

    /// <summary>A user network on a private /24 chosen from the daemon's own bridge subnet's second octet, so classes do not collide.</summary>
    async Task<(string Name, string Prefix)> NetworkAsync(string name, int third)
    {
        var second = daemon.BridgeIp.Split('.')[1];
        var prefix = $"10.{second}.{(int.Parse(daemon.BridgeIp.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture) + third) % 256}";
        _networks.Add(name);
        Cli.Ok(await Docker("network", "create", "--subnet", $"{prefix}.0/24", name));
        return (name, prefix);
    }

    [CompatFact]
    public async Task A_web_app_on_a_user_network_is_found_by_name_and_alias_and_published_on_loopback()
    {
        var (net, _) = await NetworkAsync("cli-app-net", 1);
        var (other, _) = await NetworkAsync("cli-other-net", 2);
        var volume = "cli-app-www";
        _volumes.Add(volume);
        Cli.Ok(await Docker("run", "--rm", "-v", $"{volume}:/www", Image, "sh", "-c", "echo hello-from-web > /www/index.html"));
        var web = _c.Name("cli-app-web");
        Cli.Ok(await Docker("run", "-d", "--name", web, "--network", net, "--network-alias", "www", "-p", "127.0.0.1::80",
            "-v", $"{volume}:/www:ro", Image, "httpd", "-f", "-p", "80", "-h", "/www"));

        // By name and by alias, from another container on the same network; the embedded DNS answers.
        var byName = await Docker("run", "--rm", "--network", net, Image, "sh", "-c",
            "for i in $(seq 30); do wget -qO- http://cli-app-web/ && exit 0; sleep 0.2; done; exit 1");
        Assert.True(byName.ExitCode == 0 && byName.Stdout == "hello-from-web\n", byName.ToString());
        Assert.Equal("hello-from-web\n", Cli.Ok(await Docker("run", "--rm", "--network", net, Image, "wget", "-qO-", "http://www/")));
        var ip = await _c.InspectAsync(web, $"{{{{(index .NetworkSettings.Networks \"{net}\").IPAddress}}}}");
        var lookup = Cli.Ok(await Docker("run", "--rm", "--network", net, Image, "nslookup", "cli-app-web"));
        Assert.Contains(ip, lookup, StringComparison.Ordinal);
        // dockerd's reverse records are "name.network", and those resolve forwards too.
        Assert.Contains($"{web}.{net}", Cli.Ok(await Docker("run", "--rm", "--network", net, Image, "nslookup", ip)), StringComparison.Ordinal);
        Assert.Contains(ip, Cli.Ok(await Docker("run", "--rm", "--network", net, Image, "nslookup", $"{web}.{net}")), StringComparison.Ordinal);
        Assert.Equal("nameserver 127.0.0.11", Cli.Lines(Cli.Ok(await Docker("run", "--rm", "--network", net, Image, "cat", "/etc/resolv.conf")))[0]);

        // Not from another network.
        var across = await Docker("run", "--rm", "--network", other, Image, "wget", "-T", "2", "-qO-", "http://cli-app-web/");
        Assert.NotEqual(0, across.ExitCode);

        // Published on 127.0.0.1: docker port tells where, and the host gets the page there.
        var port = Cli.Ok(await Docker("port", web, "80")).Trim();
        Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("hello-from-web\n", await http.GetStringAsync($"http://{port}/"));
        Assert.Contains($"127.0.0.1:{port.Split(':')[1]}->80/tcp", Cli.Ok(await Docker("ps", "--filter", $"name={web}", "--format", "{{.Ports}}")));
    }

    [CompatFact]
    public async Task A_taken_host_port_fails_the_run_with_dockerds_message_and_leaves_nothing()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var name = _c.Name("cli-port-clash");
        var run = await Docker("run", "-d", "--name", name, "-p", $"127.0.0.1:{taken}:80", Image, "sleep", "300");
        Assert.Equal(125, run.ExitCode);
        Assert.Contains($"Bind for 127.0.0.1:{taken} failed: port is already allocated", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("created", await _c.InspectAsync(name, "{{.State.Status}}"));
        Assert.Equal("", await _c.InspectAsync(name, "{{.NetworkSettings.IPAddress}}"));
    }

    [CompatFact]
    public async Task A_static_address_live_connect_and_disconnect()
    {
        var (net, prefix) = await NetworkAsync("cli-static-net", 3);
        var (second, secondPrefix) = await NetworkAsync("cli-second-net", 4);
        var name = _c.Name("cli-static");
        Cli.Ok(await Docker("run", "-d", "--name", name, "--network", net, "--ip", $"{prefix}.50", Image, "sleep", "300"));
        Assert.Equal($"{prefix}.50", await _c.InspectAsync(name, $"{{{{(index .NetworkSettings.Networks \"{net}\").IPAddress}}}}"));
        Assert.Contains($"inet {prefix}.50/24", Cli.Ok(await Docker("exec", name, "ip", "-4", "addr", "show", "eth0")), StringComparison.Ordinal);

        Cli.Ok(await Docker("network", "connect", "--alias", "second-alias", second, name));
        var eth1 = Cli.Ok(await Docker("exec", name, "ip", "-4", "addr", "show", "eth1"));
        Assert.Contains($"inet {secondPrefix}.2/24", eth1, StringComparison.Ordinal);
        Assert.Contains(name, Cli.Ok(await Docker("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", second)), StringComparison.Ordinal);
        var peer = Cli.Ok(await Docker("run", "--rm", "--network", second, Image, "ping", "-c", "1", "-W", "3", "second-alias"));
        Assert.Contains($"{secondPrefix}.2", peer, StringComparison.Ordinal);

        Cli.Ok(await Docker("network", "disconnect", second, name));
        Assert.NotEqual(0, (await Docker("exec", name, "ip", "link", "show", "eth1")).ExitCode);
        Assert.Equal("", Cli.Ok(await Docker("network", "inspect", "-f", "{{range .Containers}}{{.Name}}{{end}}", second)).Trim());
        var rm = await Docker("network", "rm", net);
        Assert.Contains("has active endpoints", rm.Stderr, StringComparison.Ordinal);
    }

    [CompatFact]
    public async Task Host_none_and_the_default_bridge()
    {
        var none = Cli.Ok(await Docker("run", "--rm", "--network", "none", Image, "ip", "-o", "link"));
        Assert.Equal(["lo"], Cli.Lines(none).Select(l => l.Split(':')[1].Trim()));
        var hostName = Cli.Ok(await Docker("run", "--rm", "--network", "host", Image, "hostname")).Trim();
        Assert.Equal(Environment.MachineName, hostName);

        // The default bridge: an address from --bip's subnet, a route out through its gateway, no embedded DNS.
        var gateway = daemon.BridgeIp.Split('/')[0];
        var routes = Cli.Ok(await Docker("run", "--rm", Image, "ip", "route"));
        Assert.Contains($"default via {gateway} dev eth0", routes, StringComparison.Ordinal);
        Assert.NotEqual("nameserver 127.0.0.11", Cli.Lines(Cli.Ok(await Docker("run", "--rm", Image, "cat", "/etc/resolv.conf"))).FirstOrDefault());
        var a = _c.Name("cli-bridge-a");
        Cli.Ok(await Docker("run", "-d", "--name", a, Image, "sleep", "300"));
        var ipA = await _c.InspectAsync(a, "{{.NetworkSettings.IPAddress}}");
        Assert.StartsWith(gateway[..gateway.LastIndexOf('.')], ipA, StringComparison.Ordinal);
        Assert.Contains("1 packets received", Cli.Ok(await Docker("run", "--rm", Image, "ping", "-c", "1", "-W", "3", ipA)), StringComparison.Ordinal);

        // --network container:NAME shares that container's namespace: the same address on the same eth0.
        var shared = Cli.Ok(await Docker("run", "--rm", "--network", $"container:{a}", Image, "ip", "-4", "-o", "addr", "show", "eth0"));
        Assert.Contains($"inet {ipA}/", shared, StringComparison.Ordinal);
    }

    [CompatFact]
    public async Task A_published_udp_port_answers_from_the_host()
    {
        // busybox has no UDP server: the host's python3 runs in the container, its /usr mounted read-only.
        var name = _c.Name("cli-udp");
        const string Echo = "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('0.0.0.0', 9999))\n" +
                            "while True:\n    data, peer = s.recvfrom(512)\n    s.sendto(b'echo-' + data, peer)\n";
        Cli.Ok(await Docker("run", "-d", "--name", name, "-p", "127.0.0.1::9999/udp", "-v", "/usr:/usr:ro", "-v", "/usr/lib:/lib:ro",
            "-v", "/usr/lib64:/lib64:ro", Image, "/usr/bin/python3", "-c", Echo));
        var port = Cli.Ok(await Docker("port", name, "9999/udp")).Trim();
        Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal);
        using var udp = new UdpClient();
        udp.Connect(IPAddress.Loopback, int.Parse(port.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        string? reply = null;
        await CliContainers.WaitForAsync(async () =>
        {
            await udp.SendAsync("ping"u8.ToArray());
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try { reply = Encoding.ASCII.GetString((await udp.ReceiveAsync(wait.Token)).Buffer); }
            catch (OperationCanceledException) { return false; }
            catch (SocketException) { return false; }
            return true;
        }, "an answer from the published udp port");
        Assert.Equal("echo-ping", reply);
    }
}
