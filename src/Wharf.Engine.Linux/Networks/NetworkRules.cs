using System.Text;
using Wharf.Engine.Networks;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// The iptables rules of one bridge network, all in chains named after it (<c>WHARF-&lt;id12&gt;</c>) so that removing
/// the network deletes exactly them. filter: the firewall plugin's admin chain (jumped to from CNI-FORWARD before its
/// accepts) drops what leaves or enters an internal network and, without ICC, bridge-to-bridge traffic, and accepts
/// the connections portmap forwards to published ports; nat: the
/// network's masquerade, jumped to from POSTROUTING. Other chains are never flushed; only jumps to ours are deleted.
/// </summary>
internal sealed class NetworkRules(IProcessRunner runner, CniOptions options)
{
    const string FirewallChain = "CNI-FORWARD";

    /// <summary>The rules the network's filter chain holds, as <c>iptables -S</c> prints them.</summary>
    public static IReadOnlyList<string> FilterRules(BridgeNetwork network)
    {
        var chain = CniConfigs.ChainName(network);
        var dev = network.Device;
        var rules = new List<string>();
        if (network.Internal)
        {
            rules.Add($"-A {chain} -i {dev} ! -o {dev} -j DROP");
            rules.Add($"-A {chain} ! -i {dev} -o {dev} -j DROP");
        }
        if (!network.EnableIcc) rules.Add($"-A {chain} -i {dev} -o {dev} -j DROP");
        // Published ports from elsewhere (another host, a bridge that is not CNI's): the firewall plugin accepts only
        // replies coming in, so under a DROP policy (dockerd sets one) portmap's DNAT'd connections need this accept.
        if (!network.Internal) rules.Add($"-A {chain} ! -i {dev} -o {dev} -m conntrack --ctstate DNAT -j ACCEPT");
        return rules;
    }

    /// <summary>The rules of the network's nat chain: masquerading of what leaves the bridge, unless internal or turned off.</summary>
    public static IReadOnlyList<string> NatRules(BridgeNetwork network)
    {
        if (network.Internal || !network.IpMasquerade) return [];
        if (!Ipv4Subnet.TryParse(network.Subnet, out var subnet))
            throw EngineException.Invalid($"invalid subnet {network.Subnet} for network {network.Name}");
        return [$"-A {CniConfigs.ChainName(network)} -s {subnet.Canonical} ! -o {network.Device} -j MASQUERADE"];
    }

    /// <summary>Makes the network's chains hold exactly their rules (rewritten only when they differ) and jumps to the nat one.</summary>
    public async Task EnsureAsync(BridgeNetwork network, CancellationToken ct)
    {
        var chain = CniConfigs.ChainName(network);
        await EnsureChainAsync("filter", chain, FilterRules(network), ct);
        var nat = NatRules(network);
        if (nat.Count == 0)
        {
            await RemoveNatAsync(chain, ct);
            return;
        }
        await EnsureChainAsync("nat", chain, nat, ct);
        if (!(await TryAsync(["-t", "nat", "-C", "POSTROUTING", "-j", chain], ct)).Succeeded)
            await RunAsync(["-t", "nat", "-A", "POSTROUTING", "-j", chain], ct);
    }

    /// <summary>Deletes the network's chains and every jump to them; nothing when they are gone.</summary>
    public async Task RemoveAsync(BridgeNetwork network, CancellationToken ct)
    {
        var chain = CniConfigs.ChainName(network);
        await RemoveNatAsync(chain, ct);
        await DeleteJumpsAsync("filter", FirewallChain, chain, ct);
        await DeleteJumpsAsync("filter", "FORWARD", chain, ct);
        await DeleteChainAsync("filter", chain, ct);
    }

    async Task RemoveNatAsync(string chain, CancellationToken ct)
    {
        await DeleteJumpsAsync("nat", "POSTROUTING", chain, ct);
        await DeleteChainAsync("nat", chain, ct);
    }

    async Task EnsureChainAsync(string table, string chain, IReadOnlyList<string> rules, CancellationToken ct)
    {
        var listed = await TryAsync(["-t", table, "-S", chain], ct);
        if (!listed.Succeeded) await RunAsync(["-t", table, "-N", chain], ct);
        else if (Rules(listed.StandardOutput, chain).SequenceEqual(rules, StringComparer.Ordinal)) return;
        else await RunAsync(["-t", table, "-F", chain], ct);
        foreach (var rule in rules) await RunAsync(["-t", table, .. Split(rule)], ct);
    }

    async Task DeleteChainAsync(string table, string chain, CancellationToken ct)
    {
        if (!(await TryAsync(["-t", table, "-S", chain], ct)).Succeeded) return;
        await RunAsync(["-t", table, "-F", chain], ct);
        await RunAsync(["-t", table, "-X", chain], ct);
    }

    /// <summary>Deletes the rules of <paramref name="from"/> that jump to <paramref name="chain"/>, whoever added them.</summary>
    async Task DeleteJumpsAsync(string table, string from, string chain, CancellationToken ct)
    {
        var listed = await TryAsync(["-t", table, "-S", from], ct);
        if (!listed.Succeeded) return;
        foreach (var rule in Rules(listed.StandardOutput, from))
        {
            var args = Split(rule);
            var jump = args.IndexOf("-j");
            if (jump < 0 || jump + 1 >= args.Count || args[jump + 1] != chain) continue;
            args[0] = "-D";
            await RunAsync(["-t", table, .. args], ct);
        }
    }

    /// <summary>The <c>-A</c> lines of <c>iptables -S</c> output for one chain.</summary>
    public static IReadOnlyList<string> Rules(string listing, string chain) =>
        [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                   .Where(l => l.StartsWith("-A " + chain + " ", StringComparison.Ordinal))];

    /// <summary>Splits a rule as <c>iptables -S</c> prints it into arguments (double quotes group, backslash escapes).</summary>
    public static List<string> Split(string rule)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < rule.Length; i++)
        {
            var c = rule[i];
            if (c == '\\' && i + 1 < rule.Length) { current.Append(rule[++i]); any = true; }
            else if (c == '"') { quoted = !quoted; any = true; }
            else if (c == ' ' && !quoted)
            {
                if (any) args.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else { current.Append(c); any = true; }
        }
        if (any) args.Add(current.ToString());
        return args;
    }

    async Task RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var result = await TryAsync(args, ct);
        if (!result.Succeeded)
            throw new EngineException(ErrorKind.Internal, $"iptables {string.Join(' ', args)} failed: {result.StandardError.Trim()}");
    }

    Task<ProcessResult> TryAsync(IReadOnlyList<string> args, CancellationToken ct) =>
        runner.RunAsync(new ProcessSpec(options.IptablesPath, ["-w", .. args]) { Timeout = options.CommandTimeout }, ct);
}
