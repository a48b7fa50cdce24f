using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Wharf.Engine.Linux.Networks;
using Wharf.Engine.Linux.Processes;
using Wharf.Engine.Networks;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Linux.Tests.Networks;

/// <summary>
/// A real <see cref="CniPlumbing"/> over a temp exec root, with test networks on their own bridges (<c>wt&lt;6 hex&gt;</c>)
/// and unusual 10.213.x.0/24 subnets clear of the host's routes. Dispose undoes everything the test made, even after a
/// failure: attachments, namespaces, networks, then by name whatever of theirs is still there.
/// </summary>
internal sealed class NetworkHarness : IAsyncDisposable
{
    static readonly ProcessRunner Runner = new();
    static int nextSubnet = Random.Shared.Next(0, 200);

    readonly TempDir root = new();
    readonly List<NetworkAttachment> attachments = [];
    readonly List<string> containers = [];
    readonly List<BridgeNetwork> networks = [];

    public NetworkHarness() => Plumbing = NewPlumbing();

    public CniOptions Options => new(root.Combine("exec"));

    public CniPlumbing Plumbing { get; private set; }

    /// <summary>A second instance over the same exec root, as after a daemon restart; the old one is disposed.</summary>
    public CniPlumbing Restart()
    {
        Plumbing.Dispose();
        return Plumbing = NewPlumbing();
    }

    CniPlumbing NewPlumbing() => new(Runner, Options);

    public BridgeNetwork Network(bool isInternal = false, bool icc = true)
    {
        var used = new ProcNetRoutes().Destinations();
        for (var i = 0; i < 250; i++)
        {
            var third = Interlocked.Increment(ref nextSubnet) % 250;
            Ipv4Subnet.TryParse($"10.213.{third}.0/24", out var subnet);
            if (used.Any(u => u.Overlaps(subnet)) || networks.Any(n => n.Subnet == subnet.ToString())) continue;
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var network = new BridgeNetwork(id, "test-" + id[..6], "wt" + id[..6], subnet.ToString(), $"10.213.{third}.1", 1500, isInternal, icc,
                IpMasquerade: true);
            networks.Add(network);
            return network;
        }
        throw new InvalidOperationException("no free 10.213.x.0/24 subnet");
    }

    public async Task<string> NamespaceAsync()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        containers.Add(id);
        return await Plumbing.CreateNamespaceAsync(id, CancellationToken.None) is { } path ? id : throw new InvalidOperationException();
    }

    public NetworkAttachment Attachment(string containerId, BridgeNetwork network, int host, params PortBinding[] ports)
    {
        var attachment = new NetworkAttachment(containerId, Plumbing.FindNamespace(containerId) ?? Path.Combine(Options.NamespaceDirectory, containerId),
            "eth0", network, Address(network, host), $"02:42:0a:d5:{host:x2}:{Random.Shared.Next(256):x2}", DefaultRoute: true, ports);
        attachments.Add(attachment);
        return attachment;
    }

    public static string Address(BridgeNetwork network, int host) => network.Gateway[..network.Gateway.LastIndexOf('.')] + "." + host;

    /// <summary>The host ends of the veth pairs on the network's bridge.</summary>
    public static IReadOnlyList<string> Ports(BridgeNetwork network)
    {
        var dir = $"/sys/class/net/{network.Device}/brif";
        return Directory.Exists(dir) ? [.. Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>()] : [];
    }

    /// <summary>The portmap DNAT chain of an attachment: CNI-DN- and sha512(name + container id) in hex, cut to 28 characters.</summary>
    public static string PortmapChain(NetworkAttachment a) =>
        ("CNI-DN-" + Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(CniConfigs.NetworkName(a.Network) + a.ContainerId))))[..28];

    /// <summary>The lines of <c>iptables-save</c> that mention anything this test made.</summary>
    public async Task<IReadOnlyList<string>> OwnRulesAsync()
    {
        var tokens = new List<string>();
        foreach (var n in networks) tokens.AddRange([n.Device, n.Subnet[..n.Subnet.LastIndexOf('.')] + ".", CniConfigs.ChainName(n)]);
        tokens.AddRange(containers);
        tokens.AddRange(attachments.Select(PortmapChain));
        var save = await RunAsync("iptables-save");
        return [.. save.Output.Split('\n').Where(l => tokens.Any(t => l.Contains(t, StringComparison.Ordinal)))];
    }

    public static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var result = await Runner.RunAsync(new ProcessSpec(file, args) { Timeout = TimeSpan.FromSeconds(20) }, CancellationToken.None);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    /// <summary>Runs a command inside a namespace through nsenter.</summary>
    public Task<(int Exit, string Output)> InAsync(string containerId, params string[] command) =>
        RunAsync("nsenter", ["--net=" + Path.Combine(Options.NamespaceDirectory, containerId), .. command]);

    public Task<(int Exit, string Output)> PingAsync(string containerId, string address) =>
        InAsync(containerId, "busybox", "ping", "-c1", "-W2", address);

    public static async Task<long> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.ElapsedMilliseconds;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var a in attachments)
            try { await Plumbing.DetachAsync(a, CancellationToken.None); } catch (Exception) { /* best effort: the checks below report leftovers */ }
        foreach (var c in containers)
            try { await Plumbing.RemoveNamespaceAsync(c, CancellationToken.None); } catch (Exception) { }
        foreach (var n in networks)
        {
            try { await Plumbing.RemoveNetworkAsync(n, CancellationToken.None); } catch (Exception) { }
            if (Directory.Exists("/sys/class/net/" + n.Device)) await RunAsync("ip", "link", "del", "dev", n.Device);
        }
        Plumbing.Dispose();
        root.Dispose();
    }
}
