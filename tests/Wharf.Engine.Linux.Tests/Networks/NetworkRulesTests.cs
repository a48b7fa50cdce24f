using Wharf.Engine.Linux.Networks;
using Wharf.Engine.Networks;
using Wharf.Engine.Processes;
using Wharf.Testing;

namespace Wharf.Engine.Linux.Tests.Networks;

public sealed class NetworkRulesTests
{
    static readonly CniOptions Options = new("/run/wharf-test");
    static readonly BridgeNetwork Network = new("0123456789abcdef", "web", "wt0abc", "10.213.7.0/24", "10.213.7.1", 1500, Internal: false,
        EnableIcc: true, IpMasquerade: true);

    static string Args(ProcessSpec spec) => string.Join(' ', spec.Arguments);

    [Fact]
    public async Task Chains_that_already_hold_their_rules_are_left_alone()
    {
        var runner = new FakeProcessRunner
        {
            OnRun = spec => Args(spec) switch
            {
                "-w -t filter -S WHARF-0123456789ab" => new ProcessResult(0, "-N WHARF-0123456789ab\n" + string.Join('\n', NetworkRules.FilterRules(Network)), ""),
                "-w -t nat -S WHARF-0123456789ab" => new ProcessResult(0, "-N WHARF-0123456789ab\n" + string.Join('\n', NetworkRules.NatRules(Network)), ""),
                _ => new ProcessResult(0, "", ""),
            },
        };
        await new NetworkRules(runner, Options).EnsureAsync(Network, CancellationToken.None);

        Assert.Equal(["-w -t filter -S WHARF-0123456789ab", "-w -t nat -S WHARF-0123456789ab", "-w -t nat -C POSTROUTING -j WHARF-0123456789ab"],
            runner.Calls.Select(Args));
    }

    [Fact]
    public async Task Missing_chains_are_made_with_their_rules_and_the_nat_jump()
    {
        var runner = new FakeProcessRunner { OnRun = spec => new ProcessResult(spec.Arguments.Contains("-S") || spec.Arguments.Contains("-C") ? 1 : 0, "", "") };
        await new NetworkRules(runner, Options).EnsureAsync(Network, CancellationToken.None);

        Assert.Equal([
            "-w -t filter -S WHARF-0123456789ab",
            "-w -t filter -N WHARF-0123456789ab",
            "-w -t filter -A WHARF-0123456789ab ! -i wt0abc -o wt0abc -m conntrack --ctstate DNAT -j ACCEPT",
            "-w -t nat -S WHARF-0123456789ab",
            "-w -t nat -N WHARF-0123456789ab",
            "-w -t nat -A WHARF-0123456789ab -s 10.213.7.0/24 ! -o wt0abc -j MASQUERADE",
            "-w -t nat -C POSTROUTING -j WHARF-0123456789ab",
            "-w -t nat -A POSTROUTING -j WHARF-0123456789ab",
        ], runner.Calls.Select(Args));
    }

    [Fact]
    public async Task Removal_deletes_only_the_jumps_to_the_networks_chains_and_the_chains()
    {
        var runner = new FakeProcessRunner
        {
            OnRun = spec => Args(spec) switch
            {
                "-w -t nat -S POSTROUTING" => new ProcessResult(0, "-P POSTROUTING ACCEPT\n-A POSTROUTING -j WHARF-0123456789ab\n-A POSTROUTING -j OTHER\n", ""),
                "-w -t filter -S CNI-FORWARD" => new ProcessResult(0,
                    "-N CNI-FORWARD\n-A CNI-FORWARD -m comment --comment \"CNI firewall plugin admin overrides\" -j WHARF-0123456789ab\n-A CNI-FORWARD -s 10.1.0.2/32 -j ACCEPT\n", ""),
                "-w -t filter -S FORWARD" => new ProcessResult(0, "-P FORWARD ACCEPT\n-A FORWARD -j CNI-FORWARD\n", ""),
                _ => new ProcessResult(0, "", ""),
            },
        };
        await new NetworkRules(runner, Options).RemoveAsync(Network, CancellationToken.None);

        Assert.Equal([
            "-w -t nat -S POSTROUTING",
            "-w -t nat -D POSTROUTING -j WHARF-0123456789ab",
            "-w -t nat -S WHARF-0123456789ab",
            "-w -t nat -F WHARF-0123456789ab",
            "-w -t nat -X WHARF-0123456789ab",
            "-w -t filter -S CNI-FORWARD",
            "-w -t filter -D CNI-FORWARD -m comment --comment CNI firewall plugin admin overrides -j WHARF-0123456789ab",
            "-w -t filter -S FORWARD",
            "-w -t filter -S WHARF-0123456789ab",
            "-w -t filter -F WHARF-0123456789ab",
            "-w -t filter -X WHARF-0123456789ab",
        ], runner.Calls.Select(Args));
    }
}
