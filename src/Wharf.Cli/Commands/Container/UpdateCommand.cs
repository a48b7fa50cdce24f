using System.CommandLine;
using System.Globalization;
using Wharf.Api.Containers;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf update [resource flags] [--restart] CONTAINER...</c>: only the flags given are sent; at least one is required.</summary>
internal static class UpdateCommand
{
    public static Command Create(CliContext cli)
    {
        var blkioWeight = new Option<int?>("--blkio-weight") { Description = "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)" };
        var cpuPeriod = new Option<long?>("--cpu-period") { Description = "Limit CPU CFS (Completely Fair Scheduler) period" };
        var cpuQuota = new Option<long?>("--cpu-quota") { Description = "Limit CPU CFS (Completely Fair Scheduler) quota" };
        var cpuRtPeriod = new Option<long?>("--cpu-rt-period") { Description = "Limit the CPU real-time period in microseconds" };
        var cpuRtRuntime = new Option<long?>("--cpu-rt-runtime") { Description = "Limit the CPU real-time runtime in microseconds" };
        var cpuShares = new Option<long?>("--cpu-shares", "-c") { Description = "CPU shares (relative weight)" };
        var cpus = new Option<string?>("--cpus") { Description = "Number of CPUs" };
        var cpusetCpus = new Option<string?>("--cpuset-cpus") { Description = "CPUs in which to allow execution (0-3, 0,1)" };
        var cpusetMems = new Option<string?>("--cpuset-mems") { Description = "MEMs in which to allow execution (0-3, 0,1)" };
        var memory = new Option<string?>("--memory", "-m") { Description = "Memory limit" };
        var memoryReservation = new Option<string?>("--memory-reservation") { Description = "Memory soft limit" };
        var memorySwap = new Option<string?>("--memory-swap") { Description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap" };
        var kernelMemory = new Option<string?>("--kernel-memory") { Description = "Kernel memory limit (deprecated)", Hidden = true };
        var pidsLimit = new Option<long?>("--pids-limit") { Description = "Tune container pids limit (set -1 for unlimited)" };
        var restart = new Option<string?>("--restart") { Description = "Restart policy to apply when a container exits" };
        var names = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("update", "Update configuration of one or more containers")
        {
            blkioWeight, cpuPeriod, cpuQuota, cpuRtPeriod, cpuRtRuntime, cpuShares, cpus, cpusetCpus, cpusetMems,
            memory, memoryReservation, memorySwap, kernelMemory, pidsLimit, restart, names,
        };
        cmd.SetAction((p, ct) =>
        {
            var changed = cmd.Options.Any(option => p.GetResult(option) is { Implicit: false });
            if (!changed) throw new CliException("you must provide one or more flags when using this command");
            var request = new ContainerUpdateRequest
            {
                BlkioWeight = p.GetValue(blkioWeight),
                CpuPeriod = p.GetValue(cpuPeriod),
                CpuQuota = p.GetValue(cpuQuota),
                CpuRealtimePeriod = p.GetValue(cpuRtPeriod),
                CpuRealtimeRuntime = p.GetValue(cpuRtRuntime),
                CpuShares = p.GetValue(cpuShares),
                NanoCpus = Flag(p, "--cpus", p.GetValue(cpus), NanoCpus),
                CpusetCpus = p.GetValue(cpusetCpus),
                CpusetMems = p.GetValue(cpusetMems),
                Memory = Flag(p, "-m, --memory", p.GetValue(memory), Units.RamInBytes),
                MemoryReservation = Flag(p, "--memory-reservation", p.GetValue(memoryReservation), Units.RamInBytes),
                MemorySwap = Flag(p, "--memory-swap", p.GetValue(memorySwap), v => v == "-1" ? -1 : Units.RamInBytes(v)),
                KernelMemory = Flag(p, "--kernel-memory", p.GetValue(kernelMemory), Units.RamInBytes),
                PidsLimit = p.GetValue(pidsLimit),
                RestartPolicy = p.GetValue(restart) is { } policy ? RestartPolicies.Parse(policy) : null,
            };
            return RunAsync(cli, p.GetValue(names)!, request, ct);
        });
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] names, ContainerUpdateRequest request, CancellationToken ct)
    {
        var warnings = new List<string>();
        var code = await EachContainer.RunAsync(cli, names, async name => warnings.AddRange(await cli.Client.Containers.UpdateAsync(name, request, ct)), ct);
        if (warnings.Count > 0) cli.Out.WriteLine(string.Join('\n', warnings));
        return code;
    }

    /// <summary>A flag value that does not parse is a usage error (exit 125), worded as pflag words it.</summary>
    static long? Flag(ParseResult p, string flag, string? value, Func<string, long> parse)
    {
        if (value is null) return null;
        try { return parse(value); }
        catch (CliException e)
        {
            var reason = e.Message.StartsWith("invalid argument", StringComparison.Ordinal) ? e.Message : $"invalid argument \"{value}\" for \"{flag}\" flag: {e.Message}";
            throw new CliException(UsageError.Text(p, reason, " CONTAINER [CONTAINER...]"), 125);
        }
    }

    /// <summary>opts.NanoCPUs: a decimal number of CPUs in billionths; more than nine decimals is an error, as in docker.</summary>
    internal static long NanoCpus(string value)
    {
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus))
            throw new CliException($"invalid argument \"{value}\" for \"--cpus\" flag: failed to parse {value} as a rational number");
        var nanos = cpus * 1_000_000_000m;
        if (nanos != decimal.Truncate(nanos))
            throw new CliException($"invalid argument \"{value}\" for \"--cpus\" flag: value is too precise");
        return (long)nanos;
    }
}
