using System.CommandLine;
using System.Globalization;
using Wharf.Api.Common;
using Wharf.Api.Containers;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands.Run;

/// <summary>
/// The flags <c>run</c> and <c>create</c> share, with docker's names, and their translation into the create body the docker
/// CLI sends for the same flags (defaults included: <c>"Volumes":{}</c>, <c>"MemorySwappiness":-1</c>, <c>"Dns":[]</c>…).
/// </summary>
internal sealed class ContainerOptions
{
    readonly Option<bool> _interactive = new("--interactive", "-i") { Description = "Keep STDIN open even if not attached" };
    readonly Option<bool> _tty = new("--tty", "-t") { Description = "Allocate a pseudo-TTY" };
    readonly Option<bool> _rm = new("--rm") { Description = "Automatically remove the container and its associated anonymous volumes when it exits" };
    readonly Option<string?> _name = new("--name") { Description = "Assign a name to the container" };
    readonly Option<string[]> _env = new("--env", "-e") { Description = "Set environment variables" };
    readonly Option<string[]> _envFile = new("--env-file") { Description = "Read in a file of environment variables" };
    readonly Option<string[]> _volume = new("--volume", "-v") { Description = "Bind mount a volume" };
    readonly Option<string[]> _mount = new("--mount") { Description = "Attach a filesystem mount to the container" };
    readonly Option<string[]> _publish = new("--publish", "-p") { Description = "Publish a container's port(s) to the host" };
    readonly Option<bool> _publishAll = new("--publish-all", "-P") { Description = "Publish all exposed ports to random ports" };
    readonly Option<string[]> _expose = new("--expose") { Description = "Expose a port or a range of ports" };
    readonly Option<string?> _workdir = new("--workdir", "-w") { Description = "Working directory inside the container" };
    readonly Option<string?> _user = new("--user", "-u") { Description = "Username or UID (format: <name|uid>[:<group|gid>])" };
    readonly Option<string?> _entrypoint = new("--entrypoint") { Description = "Overwrite the default ENTRYPOINT of the image" };
    readonly Option<string> _restart = new("--restart") { Description = "Restart policy to apply when a container exits", DefaultValueFactory = _ => "no" };
    readonly Option<string?> _memory = new("--memory", "-m") { Description = "Memory limit" };
    readonly Option<string?> _memorySwap = new("--memory-swap") { Description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" };
    readonly Option<string?> _cpus = new("--cpus") { Description = "Number of CPUs" };
    readonly Option<long> _cpuShares = new("--cpu-shares", "-c") { Description = "CPU shares (relative weight)" };
    readonly Option<string?> _cpusetCpus = new("--cpuset-cpus") { Description = "CPUs in which to allow execution (0-3, 0,1)" };
    readonly Option<long> _pidsLimit = new("--pids-limit") { Description = "Tune container pids limit (set -1 for unlimited)" };
    readonly Option<string[]> _capAdd = new("--cap-add") { Description = "Add Linux capabilities" };
    readonly Option<string[]> _capDrop = new("--cap-drop") { Description = "Drop Linux capabilities" };
    readonly Option<bool> _privileged = new("--privileged") { Description = "Give extended privileges to this container" };
    readonly Option<bool> _readOnly = new("--read-only") { Description = "Mount the container's root filesystem as read only" };
    readonly Option<bool> _init = new("--init") { Description = "Run an init inside the container that forwards signals and reaps processes" };
    readonly Option<string?> _healthCmd = new("--health-cmd") { Description = "Command to run to check health" };
    readonly Option<string?> _healthInterval = new("--health-interval") { Description = "Time between running the check (ms|s|m|h) (default 0s)" };
    readonly Option<string?> _healthTimeout = new("--health-timeout") { Description = "Maximum time to allow one check to run (ms|s|m|h) (default 0s)" };
    readonly Option<int> _healthRetries = new("--health-retries") { Description = "Consecutive failures needed to report unhealthy" };
    readonly Option<string?> _healthStartPeriod = new("--health-start-period") { Description = "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)" };
    readonly Option<bool> _noHealthcheck = new("--no-healthcheck") { Description = "Disable any container-specified HEALTHCHECK" };
    readonly Option<string[]> _label = new("--label", "-l") { Description = "Set meta data on a container" };
    readonly Option<string[]> _labelFile = new("--label-file") { Description = "Read in a line delimited file of labels" };
    readonly Option<string?> _network = new("--network", "--net") { Description = "Connect a container to a network" };
    readonly Option<string[]> _networkAlias = new("--network-alias", "--net-alias") { Description = "Add network-scoped alias for the container" };
    readonly Option<string?> _ip = new("--ip") { Description = "IPv4 address (e.g., 172.30.100.104)" };
    readonly Option<string?> _hostname = new("--hostname", "-h") { Description = "Container host name" };
    readonly Option<string?> _domainname = new("--domainname") { Description = "Container NIS domain name" };
    readonly Option<string[]> _tmpfs = new("--tmpfs") { Description = "Mount a tmpfs directory" };
    readonly Option<string?> _stopSignal = new("--stop-signal") { Description = "Signal to stop the container" };
    readonly Option<int?> _stopTimeout = new("--stop-timeout") { Description = "Timeout (in seconds) to stop a container" };
    readonly Option<string[]> _ulimit = new("--ulimit") { Description = "Ulimit options" };
    readonly Option<string[]> _securityOpt = new("--security-opt") { Description = "Security Options" };
    readonly Option<string[]> _sysctl = new("--sysctl") { Description = "Sysctl options" };
    readonly Option<string[]> _addHost = new("--add-host") { Description = "Add a custom host-to-IP mapping (host:ip)" };
    readonly Option<string[]> _dns = new("--dns") { Description = "Set custom DNS servers" };
    readonly Option<string[]> _groupAdd = new("--group-add") { Description = "Add additional groups to join" };
    readonly Option<string[]> _device = new("--device") { Description = "Add a host device to the container" };
    readonly Option<string?> _shmSize = new("--shm-size") { Description = "Size of /dev/shm" };
    readonly Option<bool> _oomKillDisable = new("--oom-kill-disable") { Description = "Disable OOM Killer" };
    readonly Option<string?> _logDriver = new("--log-driver") { Description = "Logging driver for the container" };
    readonly Option<string[]> _logOpt = new("--log-opt") { Description = "Log driver options" };
    readonly Option<string[]> _attach = new("--attach", "-a") { Description = "Attach to STDIN, STDOUT or STDERR" };
    readonly Option<string?> _platform = new("--platform") { Description = "Set platform if server is multi-platform capable" };
    readonly Argument<string> _image = new("IMAGE");
    readonly Argument<string[]> _command = new("COMMAND") { Arity = ArgumentArity.ZeroOrMore };

    /// <summary>Adds the shared flags and the IMAGE [COMMAND] [ARG...] arguments to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[_interactive, _tty, _rm, _name, _env, _envFile, _volume, _mount, _publish, _publishAll, _expose,
                     _workdir, _user, _entrypoint, _restart, _memory, _memorySwap, _cpus, _cpuShares, _cpusetCpus, _pidsLimit, _capAdd, _capDrop,
                     _privileged, _readOnly, _init, _healthCmd, _healthInterval, _healthTimeout, _healthRetries, _healthStartPeriod, _noHealthcheck,
                     _label, _labelFile, _network, _networkAlias, _ip, _hostname, _domainname, _tmpfs, _stopSignal, _stopTimeout, _ulimit, _securityOpt, _sysctl,
                     _addHost, _dns, _groupAdd, _device, _shmSize, _oomKillDisable, _logDriver, _logOpt, _attach, _platform])
            command.Options.Add(option);
        command.Arguments.Add(_image);
        command.Arguments.Add(_command);
        CommandLineSplit.StopsAtFirstArgument(command);
    }

    public bool Interactive(ParseResult p) => p.GetValue(_interactive);
    public bool Tty(ParseResult p) => p.GetValue(_tty);
    public string? Name(ParseResult p) => p.GetValue(_name);
    public string Image(ParseResult p) => p.GetValue(_image)!;
    public string? Platform(ParseResult p) => p.GetValue(_platform) is { Length: > 0 } platform ? platform : null;

    /// <summary>
    /// The create body for these flags. <paramref name="detach"/> is run's <c>-d</c> (nothing attached);
    /// <paramref name="console"/> the terminal's size for <c>-t</c> (docker sends <c>[0,0]</c> without one).
    /// </summary>
    public ContainerCreateRequest Build(ParseResult p, string verb, bool detach, Func<string, string?> env, TerminalSize? console)
    {
        var (attachIn, attachOut, attachErr) = Streams(p, verb, detach);
        var interactive = p.GetValue(_interactive);
        var tty = p.GetValue(_tty);
        var exposed = new Dictionary<string, EmptyObject?>(StringComparer.Ordinal);
        var bindings = new Dictionary<string, List<PortBinding>?>(StringComparer.Ordinal);
        foreach (var spec in p.GetValues(_publish))
            if (PortSpecs.AddPublish(spec, exposed, bindings) is { } reason) throw FlagError.Invalid(spec, "-p, --publish", reason, verb);
        foreach (var spec in p.GetValues(_expose))
            if (PortSpecs.AddExpose(spec, exposed) is { } reason) throw FlagError.Invalid(spec, "--expose", reason, verb);

        var binds = new List<string>();
        var volumes = new Dictionary<string, EmptyObject?>(StringComparer.Ordinal);
        foreach (var spec in p.GetValues(_volume))
        {
            // A lone container path is an anonymous volume (Config.Volumes); anything with a source is a bind (HostConfig.Binds).
            if (spec.Contains(':', StringComparison.Ordinal)) binds.Add(spec);
            else volumes[spec] = new EmptyObject();
        }

        var envs = new List<string>();
        foreach (var file in p.GetValues(_envFile)) envs.AddRange(EnvFile.ReadEnv(file, env));
        foreach (var entry in p.GetValues(_env)) envs.Add(FlagValues.EnvEntry(entry, env, verb));
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in p.GetValues(_labelFile)) FlagValues.AddLabels(labels, EnvFile.ReadLabels(file));
        FlagValues.AddLabels(labels, p.GetValues(_label));

        var restart = Parse(p.GetValue(_restart) ?? "no", "--restart", verb, MountSpecs.ParseRestart);
        if (p.GetValue(_rm) && restart.Name is not ("" or "no"))
            throw new CliException("Conflicting options: --restart and --rm", 125);
        var entrypoint = p.GetValue(_entrypoint);
        var command = p.GetValues(_command);
        var networkMode = p.GetValue(_network) is { Length: > 0 } network ? network : "default";
        var endpoint = Endpoint(p, networkMode, verb);

        return new ContainerCreateRequest
        {
            Hostname = p.GetValue(_hostname) ?? "",
            Domainname = p.GetValue(_domainname) ?? "",
            User = p.GetValue(_user) ?? "",
            AttachStdin = attachIn,
            AttachStdout = attachOut,
            AttachStderr = attachErr,
            ExposedPorts = exposed.Count > 0 ? exposed : null,
            Tty = tty,
            OpenStdin = interactive,
            // docker: stdin attached and open means it closes when the client's stdin ends.
            StdinOnce = interactive && attachIn,
            Env = envs.Count > 0 ? envs : null,
            Cmd = command.Length > 0 ? [.. command] : null,
            Healthcheck = Health(p, verb),
            Image = p.GetValue(_image),
            Volumes = volumes,
            WorkingDir = p.GetValue(_workdir) ?? "",
            Entrypoint = entrypoint is null ? null : [entrypoint],
            OnBuild = null,
            Labels = labels,
            StopSignal = p.GetValue(_stopSignal),
            StopTimeout = p.GetValue(_stopTimeout),
            HostConfig = new HostConfig
            {
                Binds = binds.Count > 0 ? binds : null,
                LogConfig = new LogConfig { Type = p.GetValue(_logDriver) ?? "", Config = FlagValues.Pairs(p.GetValue(_logOpt), "--log-opt", verb) ?? [] },
                NetworkMode = networkMode,
                PortBindings = bindings,
                RestartPolicy = restart,
                AutoRemove = p.GetValue(_rm),
                ConsoleSize = tty && console is { } size ? [(uint)size.Height, (uint)size.Width] : [0, 0],
                CapAdd = FlagValues.Capabilities(p.GetValue(_capAdd)),
                CapDrop = FlagValues.Capabilities(p.GetValue(_capDrop)),
                Dns = [.. p.GetValues(_dns)],
                DnsOptions = [],
                DnsSearch = [],
                ExtraHosts = NullIfEmpty(p.GetValues(_addHost).Select(h => Parse(h, "--add-host", verb, MountSpecs.ParseExtraHost))),
                GroupAdd = NullIfEmpty(p.GetValues(_groupAdd)),
                Privileged = p.GetValue(_privileged),
                PublishAllPorts = p.GetValue(_publishAll),
                ReadonlyRootfs = p.GetValue(_readOnly),
                SecurityOpt = NullIfEmpty(p.GetValues(_securityOpt)),
                Tmpfs = FlagValues.Tmpfs(p.GetValue(_tmpfs)),
                ShmSize = Size(p.GetValue(_shmSize), "--shm-size", verb) ?? 0,
                Sysctls = FlagValues.Pairs(p.GetValue(_sysctl), "--sysctl", verb),
                CpuShares = p.GetValue(_cpuShares),
                Memory = Size(p.GetValue(_memory), "-m, --memory", verb) ?? 0,
                NanoCpus = p.GetValue(_cpus) is { } cpus ? Units.NanoCpus(cpus) ?? throw FlagError.Invalid(cpus, "--cpus", $"failed to parse {cpus} as a rational number", verb) : 0,
                BlkioWeightDevice = [],
                BlkioDeviceReadBps = [],
                BlkioDeviceWriteBps = [],
                BlkioDeviceReadIOps = [],
                BlkioDeviceWriteIOps = [],
                CpusetCpus = p.GetValue(_cpusetCpus) ?? "",
                Devices = [.. p.GetValues(_device).Select(d => Parse(d, "--device", verb, MountSpecs.ParseDevice))],
                MemorySwap = p.GetValue(_memorySwap) is { } swap ? swap == "-1" ? -1 : Size(swap, "--memory-swap", verb) ?? 0 : 0,
                MemorySwappiness = -1,
                OomKillDisable = p.GetValue(_oomKillDisable),
                PidsLimit = p.GetValue(_pidsLimit),
                Ulimits = [.. p.GetValues(_ulimit).Select(u => Parse(u, "--ulimit", verb, MountSpecs.ParseUlimit))],
                Mounts = NullIfEmpty(p.GetValues(_mount).Select(m => Parse(m, "--mount", verb, MountSpecs.Parse))),
                Init = p.GetValue(_init) ? true : null,
            },
            NetworkingConfig = new NetworkingConfig { EndpointsConfig = new() { [networkMode] = endpoint } },
        };
    }

    /// <summary>
    /// The endpoint settings for the container's network: <c>--network-alias</c> and <c>--ip</c> as the docker CLI sends
    /// them (the address as typed, for the daemon to judge). Aliases need a user-defined network; docker refuses them
    /// itself on default, bridge, host, none and container:.
    /// </summary>
    EndpointSettings Endpoint(ParseResult p, string networkMode, string verb)
    {
        var aliases = p.GetValues(_networkAlias);
        var ip = p.GetValue(_ip);
        if (aliases.Length > 0 && (networkMode is "default" or "bridge" or "host" or "none" || networkMode.StartsWith("container:", StringComparison.Ordinal)))
            throw new CliException($"wharf: network-scoped aliases are only supported for user-defined networks\n\nRun 'wharf {verb} --help' for more information", 125);
        return new EndpointSettings
        {
            IPAMConfig = string.IsNullOrEmpty(ip) ? null : new EndpointIpamConfig { IPv4Address = ip },
            Aliases = aliases.Length > 0 ? [.. aliases] : null,
        };
    }

    /// <summary>Which streams are attached: none with -d; -a's list when given; otherwise stdout, stderr and (with -i) stdin.</summary>
    (bool In, bool Out, bool Err) Streams(ParseResult p, string verb, bool detach)
    {
        var attach = p.GetValues(_attach);
        if (detach)
        {
            if (attach.Length > 0) throw new CliException("Conflicting options: -a and -d", 125);
            return (false, false, false);
        }
        if (attach.Length == 0) return (p.GetValue(_interactive), true, true);
        bool stdin = false, stdout = false, stderr = false;
        foreach (var stream in attach)
        {
            switch (stream.ToLowerInvariant())
            {
                case "stdin": stdin = true; break;
                case "stdout": stdout = true; break;
                case "stderr": stderr = true; break;
                default: throw FlagError.Invalid(stream, "-a, --attach", "valid streams are STDIN, STDOUT and STDERR", verb);
            }
        }
        return (stdin, stdout, stderr);
    }

    HealthConfig? Health(ParseResult p, string verb)
    {
        var cmd = p.GetValue(_healthCmd);
        var interval = Duration(p.GetValue(_healthInterval), "--health-interval", verb);
        var timeout = Duration(p.GetValue(_healthTimeout), "--health-timeout", verb);
        var start = Duration(p.GetValue(_healthStartPeriod), "--health-start-period", verb);
        var retries = p.GetValue(_healthRetries);
        var any = cmd is not null || interval != 0 || timeout != 0 || start != 0 || retries != 0;
        if (p.GetValue(_noHealthcheck))
        {
            if (any) throw new CliException("--no-healthcheck conflicts with --health-* options", 125);
            return new HealthConfig { Test = ["NONE"] };
        }
        if (!any) return null;
        if (retries < 0) throw new CliException("--health-retries cannot be negative", 125);
        return new HealthConfig { Test = cmd is null ? null : ["CMD-SHELL", cmd], Interval = interval, Timeout = timeout, StartPeriod = start, Retries = retries };
    }

    static long Duration(string? text, string flag, string verb)
    {
        if (text is null) return 0;
        var nanos = Units.DurationNanos(text) ?? throw FlagError.Invalid(text, flag, $"time: invalid duration \"{text}\"", verb);
        return nanos < 0 ? throw new CliException($"{flag} cannot be negative", 125) : nanos;
    }

    static long? Size(string? text, string flag, string verb)
        => text is null ? null : Units.RamInBytes(text) ?? throw FlagError.Invalid(text, flag, $"invalid size: '{text}'", verb);

    static T Parse<T>(string value, string flag, string verb, Func<string, T> parse)
    {
        try { return parse(value); }
        catch (FormatException e) { throw FlagError.Invalid(value, flag, e.Message, verb); }
    }

    static List<T>? NullIfEmpty<T>(IEnumerable<T> items) => items.ToList() is { Count: > 0 } list ? list : null;
}
