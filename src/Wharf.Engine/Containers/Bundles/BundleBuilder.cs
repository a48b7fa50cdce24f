using System.Text.Json;
using Wharf.Engine.Containers.Oci;
using Wharf.Engine.Images;

namespace Wharf.Engine.Containers.Bundles;

/// <summary>
/// Writes the OCI bundle dockerd would make for the same request: its <c>config.json</c> (defaults from
/// moby's oci package and daemon, the request's overrides on top) and the network files it bind-mounts.
/// </summary>
public sealed class BundleBuilder(BundleBuilderOptions options, IHostDevices hostDevices) : IBundleBuilder
{
    const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    const string InitInContainer = "/sbin/docker-init";

    /// <summary>dockerd's default masked paths of an unprivileged container (inspect shows them in HostConfig).</summary>
    internal static readonly IReadOnlyList<string> MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
    ];

    /// <summary>dockerd's default read-only paths of an unprivileged container.</summary>
    internal static readonly IReadOnlyList<string> ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    static readonly HashSet<string> UlimitNames =
        ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack", "as"];

    DockerSeccompProfile? defaultProfile;

    public BundleBuilder() : this(new BundleBuilderOptions(), new SysfsHostDevices())
    {
    }

    public async Task WriteBundleAsync(BundleRequest request, CancellationToken ct)
    {
        var spec = CreateSpec(request, out var files);
        Directory.CreateDirectory(request.ContainerDir);
        foreach (var (path, text) in files) await WriteAtomicAsync(path, text, ct);
        Directory.CreateDirectory(request.BundleDir);
        await WriteAtomicAsync(Path.Combine(request.BundleDir, "config.json"), JsonSerializer.Serialize(spec, OciJson.Default.OciSpec), ct);
    }

    public async Task UseEmbeddedDnsAsync(BundleRequest request, CancellationToken ct)
    {
        var host = request.Spec.Host;
        var hostResolv = File.Exists(options.HostResolvConfPath) ? await File.ReadAllTextAsync(options.HostResolvConfPath, ct) : "";
        await File.WriteAllTextAsync(Path.Combine(request.ContainerDir, "resolv.conf"), NetworkFiles.EmbeddedResolvConf(hostResolv, host.DnsSearch, host.DnsOptions), ct);
    }

    public async Task WriteExecProcessAsync(ExecProcessRequest request, string path, CancellationToken ct)
    {
        var process = CreateExecProcess(request);
        await WriteAtomicAsync(path, JsonSerializer.Serialize(process, OciJson.Default.OciProcess), ct);
    }

    /// <summary>The container's spec, and the network files (path, content) it bind-mounts.</summary>
    internal OciSpec CreateSpec(BundleRequest request, out List<(string Path, string Text)> files)
    {
        var host = request.Spec.Host;
        var config = Merge(request.Spec.Config, request.Image.Config);
        Validate(host, config);

        var hostNetwork = host.NetworkMode == "host";
        var hostPid = host.PidMode == "host";
        var hostUts = host.UtsMode == "host";
        var hostIpc = host.IpcMode == "host";
        Sysctls.Validate(host.Sysctls, hostNetwork, hostIpc, hostUts);

        var args = Args(config);
        var hostname = !string.IsNullOrEmpty(config.Hostname) ? config.Hostname : hostNetwork ? options.HostName : request.Id.Short;
        var domainname = config.Domainname ?? "";
        var caps = Capabilities.Compute(host.CapAdd, host.CapDrop, host.Privileged, options.AvailableCapabilities);
        var security = SecurityOptions.Parse(host.SecurityOpt);
        var user = UserResolver.Resolve(request.RootfsPath, config.User ?? "", host.GroupAdd);

        // Network files: written to the container's directory, bind-mounted unless the user mounts something there.
        var written = new List<(string Path, string Text)>();
        files = written;
        var userMounts = MountPlanner.UserMounts(host, request.VolumeMounts);
        var networkMounts = new List<MountPlanner.UserMount>();
        void NetworkFile(string name, string destination, string text)
        {
            var source = Path.Combine(request.ContainerDir, name);
            written.Add((source, text));
            if (userMounts.Any(u => u.Destination == destination)) return;
            networkMounts.Add(new(destination, MountPlanner.FileBind(source, destination, host.ReadonlyRootfs)));
        }
        var hostResolv = File.Exists(options.HostResolvConfPath) ? File.ReadAllText(options.HostResolvConfPath) : "";
        NetworkFile("resolv.conf", "/etc/resolv.conf", request.EmbeddedDns
            ? NetworkFiles.EmbeddedResolvConf(hostResolv, host.DnsSearch, host.DnsOptions)
            : NetworkFiles.ResolvConf(hostResolv, host.Dns, host.DnsSearch, host.DnsOptions, hostNetwork));
        NetworkFile("hostname", "/etc/hostname", NetworkFiles.Hostname(hostname));
        var hostHosts = hostNetwork ? (File.Exists(options.HostHostsPath) ? File.ReadAllText(options.HostHostsPath) : "") : null;
        NetworkFile("hosts", "/etc/hosts", NetworkFiles.Hosts(hostname, domainname, request.IPAddress, host.ExtraHosts, hostHosts));

        OciMount? initMount = null;
        if (host.Init == true && !hostPid)
        {
            args = [InitInContainer, "--", .. args];
            initMount = new OciMount { Destination = InitInContainer, Type = "bind", Source = options.InitPath, Options = ["bind", "ro"] };
        }
        var mounts = MountPlanner.Combine(
            MountPlanner.Defaults(host.ShmSize, host.IpcMode), initMount, [.. userMounts, .. networkMounts], host.ReadonlyRootfs, host.Privileged);

        var (devices, deviceRules) = Devices(host);
        var namespaces = new List<OciNamespace> { new("mount") };
        if (!hostNetwork) namespaces.Add(new("network", request.NetworkNamespacePath));
        if (!hostUts) namespaces.Add(new("uts"));
        if (!hostPid) namespaces.Add(new("pid"));
        if (!hostIpc) namespaces.Add(new("ipc"));
        if (options.CgroupV2) namespaces.Add(new("cgroup"));

        var process = new OciProcess
        {
            Terminal = config.Tty,
            ConsoleSize = config.Tty && host.ConsoleSize is { } size ? new OciConsoleSize(size.Height, size.Width) : null,
            User = user,
            Args = args,
            Env = Environment(config, hostname, config.Tty),
            Cwd = string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir,
            Capabilities = new OciCapabilities { Bounding = caps, Effective = caps, Permitted = caps },
            Rlimits = Rlimits(host.Resources.Ulimits),
            NoNewPrivileges = security.NoNewPrivileges,
            OomScoreAdj = host.OomScoreAdj,
        };

        return new OciSpec
        {
            Process = process,
            Root = new OciRoot(request.RootfsPath, host.ReadonlyRootfs),
            Hostname = hostUts ? null : hostname,
            Domainname = domainname == "" ? null : domainname,
            Mounts = mounts,
            Linux = new OciLinux
            {
                Sysctl = host.Sysctls.Count > 0 ? host.Sysctls : null,
                Resources = ResourceSpec.Build(host.Resources, deviceRules),
                CgroupsPath = request.CgroupsPath,
                Namespaces = namespaces,
                Devices = devices,
                Seccomp = host.Privileged ? null : Seccomp(security.SeccompProfile, caps),
                MaskedPaths = host.Privileged ? null : MaskedPaths,
                ReadonlyPaths = host.Privileged ? null : ReadonlyPaths,
            },
        };
    }

    /// <summary>An exec session's process: the container's privileges and limits, the session's command, env, user and directory.</summary>
    internal OciProcess CreateExecProcess(ExecProcessRequest exec)
    {
        if (exec.Cmd.Count == 0) throw EngineException.Invalid("No exec command specified");
        var container = exec.Container;
        var host = container.Spec.Host;
        var config = Merge(container.Spec.Config, container.Image.Config);
        var hostname = !string.IsNullOrEmpty(config.Hostname) ? config.Hostname
            : host.NetworkMode == "host" ? options.HostName : container.Id.Short;
        var userSpec = exec.User != "" ? exec.User : config.User ?? "";
        var caps = exec.Privileged ? options.AvailableCapabilities : Capabilities.Compute(host.CapAdd, host.CapDrop, host.Privileged, options.AvailableCapabilities);
        var cwd = exec.WorkingDir != "" ? exec.WorkingDir : string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir;
        return new OciProcess
        {
            Terminal = exec.Tty,
            ConsoleSize = exec.Tty && exec.ConsoleSize is { } size ? new OciConsoleSize(size.Height, size.Width) : null,
            User = UserResolver.Resolve(container.RootfsPath, userSpec, host.GroupAdd),
            Args = exec.Cmd,
            Env = ReplaceOrAppend(Environment(config, hostname, exec.Tty), exec.Env),
            Cwd = cwd,
            Capabilities = new OciCapabilities { Bounding = caps, Effective = caps, Permitted = caps },
            Rlimits = Rlimits(host.Resources.Ulimits),
            NoNewPrivileges = SecurityOptions.Parse(host.SecurityOpt).NoNewPrivileges,
            OomScoreAdj = host.OomScoreAdj,
        };
    }

    void Validate(HostSettings host, RunConfig config)
    {
        ResourceSpec.Validate(host, options.CpuCount);
        if (!string.IsNullOrEmpty(config.WorkingDir) && !config.WorkingDir.StartsWith('/'))
            throw EngineException.Invalid($"the working directory '{config.WorkingDir}' is invalid, it needs to be an absolute path");
        CheckMode("IPC", host.IpcMode, ["", "private", "shareable", "host", "none"]);
        CheckMode("PID", host.PidMode, ["", "host"]);
        CheckMode("UTS", host.UtsMode, ["", "host"]);
        foreach (var ul in host.Resources.Ulimits)
        {
            if (!UlimitNames.Contains(ul.Name)) throw EngineException.Invalid($"invalid ulimit type: {ul.Name}");
            if (ul.Soft > ul.Hard) throw EngineException.Invalid($"ulimit soft limit must be less than or equal to hard limit: {ul.Soft} > {ul.Hard}");
        }
    }

    static void CheckMode(string what, string mode, string[] valid)
    {
        if (mode.StartsWith("container:", StringComparison.Ordinal))
            throw EngineException.NotImplemented($"joining another container's {what} namespace is not supported yet");
        if (!valid.Contains(mode)) throw EngineException.Invalid($"invalid {what} mode: {mode}");
    }

    /// <summary>The request's config over the image's, as dockerd merges them at create.</summary>
    internal static RunConfig Merge(RunConfig user, RunConfig? image)
    {
        if (image is null) return user;
        var env = user.Env is { Count: > 0 } ? new List<string>(user.Env) : [.. image.Env ?? []];
        if (user.Env is { Count: > 0 })
        {
            foreach (var e in image.Env ?? [])
                if (!env.Any(u => Key(u) == Key(e))) env.Add(e);
        }
        var entrypoint = user.Entrypoint;
        var cmd = user.Cmd;
        if (entrypoint is not { Count: > 0 })
        {
            if (cmd is not { Count: > 0 }) cmd = image.Cmd;
            entrypoint ??= image.Entrypoint;
        }
        return user with
        {
            Env = env,
            Entrypoint = entrypoint,
            Cmd = cmd,
            User = string.IsNullOrEmpty(user.User) ? image.User : user.User,
            WorkingDir = string.IsNullOrEmpty(user.WorkingDir) ? image.WorkingDir : user.WorkingDir,
        };
    }

    static List<string> Args(RunConfig config)
    {
        // An entrypoint of [""] (docker run --entrypoint "") clears the image's entrypoint.
        var entrypoint = config.Entrypoint is [""] ? [] : config.Entrypoint ?? [];
        List<string> args = [.. entrypoint, .. config.Cmd ?? []];
        if (args.Count == 0) throw EngineException.Invalid("No command specified");
        return args;
    }

    static List<string> Environment(RunConfig config, string hostname, bool tty)
    {
        List<string> env = [DefaultPath, "HOSTNAME=" + hostname];
        if (tty) env.Add("TERM=xterm");
        return ReplaceOrAppend(env, config.Env ?? []);
    }

    static List<string> ReplaceOrAppend(List<string> env, IReadOnlyList<string> overrides)
    {
        foreach (var o in overrides)
        {
            var i = env.FindIndex(e => Key(e) == Key(o));
            if (i >= 0) env[i] = o;
            else env.Add(o);
        }
        return env;
    }

    static string Key(string env)
    {
        var i = env.IndexOf('=', StringComparison.Ordinal);
        return i < 0 ? env : env[..i];
    }

    static List<OciRlimit>? Rlimits(IReadOnlyList<Ulimit> ulimits) =>
        ulimits.Count == 0 ? null : [.. ulimits.Select(u => new OciRlimit("RLIMIT_" + u.Name.ToUpperInvariant(), (ulong)u.Hard, (ulong)u.Soft))];

    (List<OciDevice>? Devices, List<OciDeviceCgroup> Rules) Devices(HostSettings host)
    {
        if (host.Privileged)
        {
            var all = hostDevices.All().Select(d => ToOci(d, d.Path)).ToList();
            return (all, [new OciDeviceCgroup { Allow = true, Access = "rwm" }]);
        }
        List<OciDeviceCgroup> rules =
        [
            new() { Allow = false, Access = "rwm" },
            new() { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "rwm" },
            new() { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
            new() { Allow = true, Type = "c", Major = 1, Minor = 9, Access = "rwm" },
            new() { Allow = true, Type = "c", Major = 1, Minor = 8, Access = "rwm" },
            new() { Allow = true, Type = "c", Major = 5, Minor = 0, Access = "rwm" },
            new() { Allow = true, Type = "c", Major = 5, Minor = 1, Access = "rwm" },
            new() { Allow = false, Type = "c", Major = 10, Minor = 229, Access = "rwm" },
        ];
        var devices = new List<OciDevice>();
        foreach (var mapping in host.Resources.Devices)
        {
            var inContainer = mapping.PathInContainer == "" ? mapping.PathOnHost : mapping.PathInContainer;
            var permissions = mapping.CgroupPermissions == "" ? "rwm" : mapping.CgroupPermissions;
            if (permissions.Any(c => c is not ('r' or 'w' or 'm')))
                throw EngineException.Invalid($"invalid device mode: {permissions}");
            HostDevice? found;
            try
            {
                found = hostDevices.Find(mapping.PathOnHost);
            }
            catch (FileNotFoundException e)
            {
                throw EngineException.Invalid($"error gathering device information while adding custom device \"{mapping.PathOnHost}\": {e.Message}");
            }
            if (found is null) throw EngineException.Invalid($"error gathering device information while adding custom device \"{mapping.PathOnHost}\": not a device node");
            devices.Add(ToOci(found, inContainer));
            rules.Add(new OciDeviceCgroup { Allow = true, Type = found.Type, Major = found.Major, Minor = found.Minor, Access = permissions });
        }
        return (devices.Count > 0 ? devices : null, rules);
    }

    static OciDevice ToOci(HostDevice d, string path) =>
        new() { Path = path, Type = d.Type, Major = d.Major, Minor = d.Minor, FileMode = d.FileMode, Uid = d.Uid, Gid = d.Gid };

    OciSeccomp? Seccomp(string? profile, IReadOnlyList<string> caps)
    {
        if (profile == "unconfined") return null;
        var parsed = profile is null ? DefaultProfile() : SeccompConverter.Parse(profile);
        return SeccompConverter.Convert(parsed, [.. caps], options.GoArch, options.KernelVersion);
    }

    DockerSeccompProfile DefaultProfile()
    {
        if (defaultProfile is not null) return defaultProfile;
        if (!File.Exists(options.SeccompProfilePath))
            throw new EngineException(ErrorKind.Unavailable,
                $"default seccomp profile {options.SeccompProfilePath} not found: install the golang-github-containers-common package, or run with --security-opt seccomp=unconfined");
        return defaultProfile = SeccompConverter.Parse(File.ReadAllText(options.SeccompProfilePath));
    }

    static async Task WriteAtomicAsync(string path, string text, CancellationToken ct)
    {
        var tmp = path + ".tmp";
        await File.WriteAllTextAsync(tmp, text, ct);
        File.Move(tmp, path, overwrite: true);
    }
}
