using Microsoft.AspNetCore.Http;
using Wharf.Api;
using Wharf.Api.Containers;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Images;
using Wharf.Server.Http;
using EngineDevice = Wharf.Engine.Containers.DeviceMapping;
using EngineEndpoint = Wharf.Engine.Containers.EndpointSettings;
using EngineHealth = Wharf.Engine.Images.HealthConfig;
using EngineRestart = Wharf.Engine.Containers.RestartPolicy;
using EngineUlimit = Wharf.Engine.Containers.Ulimit;
using WireEmpty = Wharf.Api.Common.EmptyObject;

namespace Wharf.Server.Mapping;

/// <summary>
/// <c>POST /containers/create</c>: the wire body -> <see cref="ContainerCreateSpec"/>, with dockerd's defaults, its
/// request-level validation (same texts) and its API-version quirks. Null, <c>[]</c> and <c>{}</c> all mean empty.
/// What needs the host or the store (image, name, bind sources) is validated by the engine.
/// </summary>
internal static class ContainerCreateMapping
{
    const long MinimumMemory = 6 * 1024 * 1024;

    /// <summary>Reads and maps the request: <c>name</c> query parameter and the JSON body.</summary>
    public static async Task<ContainerCreateSpec> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, WireJson.Context.ContainerCreateRequest, ct);
        var name = request.Query["name"].ToString();
        return ToSpec(body, name.Length == 0 ? null : name, request.HttpContext.GetApiVersion());
    }

    public static ContainerCreateSpec ToSpec(ContainerCreateRequest? body, string? name, ApiVersion version)
    {
        if (body is null) throw EngineException.Invalid("config cannot be empty in order to create a container");
        var host = ToHostSettings(body.HostConfig ?? new HostConfig(), version);
        return new ContainerCreateSpec
        {
            Name = string.IsNullOrEmpty(name) ? null : name,
            Image = body.Image ?? "",
            Config = ToRunConfig(body),
            Host = host,
            Networks = ToNetworks(body.NetworkingConfig, host.NetworkMode is "default" ? "bridge" : host.NetworkMode),
        };
    }

    public static RunConfig ToRunConfig(ContainerCreateRequest body) => new()
    {
        Hostname = Empty(body.Hostname),
        Domainname = Empty(body.Domainname),
        User = Empty(body.User),
        AttachStdin = body.AttachStdin,
        AttachStdout = body.AttachStdout,
        AttachStderr = body.AttachStderr,
        ExposedPorts = Set(body.ExposedPorts),
        Tty = body.Tty,
        OpenStdin = body.OpenStdin,
        StdinOnce = body.StdinOnce,
        Env = Empty(body.Env),
        Cmd = Empty(body.Cmd),
        Healthcheck = body.Healthcheck is { } h
            ? new EngineHealth { Test = Empty(h.Test), Interval = h.Interval, Timeout = h.Timeout, StartPeriod = h.StartPeriod, Retries = h.Retries }
            : null,
        ArgsEscaped = body.ArgsEscaped,
        Image = Empty(body.Image),
        Volumes = Set(body.Volumes),
        WorkingDir = Empty(body.WorkingDir),
        Entrypoint = Empty(body.Entrypoint),
        NetworkDisabled = body.NetworkDisabled,
        MacAddress = Empty(body.MacAddress),
        OnBuild = Empty(body.OnBuild),
        Labels = body.Labels is { Count: > 0 } labels ? new Dictionary<string, string>(labels) : null,
        StopSignal = Empty(body.StopSignal),
        StopTimeout = body.StopTimeout,
        Shell = Empty(body.Shell),
    };

    public static HostSettings ToHostSettings(HostConfig hc, ApiVersion version)
    {
        var autoRemove = hc.AutoRemove;
        var ipcMode = S(hc.IpcMode);
        // dockerd's postContainersCreate: before 1.25 the client removed --rm containers itself; before 1.40 the
        // default IPC mode was "shareable".
        if (version < new ApiVersion(1, 25)) autoRemove = false;
        if (version < new ApiVersion(1, 40) && ipcMode.Length == 0) ipcMode = "shareable";

        var restart = ToRestartPolicy(hc.RestartPolicy);
        restart.CheckAutoRemove(autoRemove);
        if (hc.DeviceRequests is { Count: > 0 } requests)
        {
            var r = requests[0];
            var caps = string.Join(' ', (r.Capabilities ?? []).Select(c => "[" + string.Join(' ', c) + "]"));
            throw EngineException.Invalid($"could not select device driver \"{r.Driver}\" with capabilities: [{caps}]");
        }
        if (hc.ShmSize < 0) throw EngineException.Invalid("SHM size can not be less than 0");
        if (hc.OomScoreAdj is < -1000 or > 1000)
            throw EngineException.Invalid($"Invalid value {hc.OomScoreAdj}, range for oom score adj is [-1000, 1000]");

        return new HostSettings
        {
            Binds = hc.Binds ?? [],
            VolumesFrom = hc.VolumesFrom ?? [],
            Mounts = [.. (hc.Mounts ?? []).Select(ToMountSpec)],
            Tmpfs = hc.Tmpfs ?? new Dictionary<string, string>(),
            // dockerd keeps "default" (what the CLI sends) and shows it in inspect and ps; it means the bridge network.
            NetworkMode = S(hc.NetworkMode) is "" ? "default" : hc.NetworkMode,
            PortBindings = ContainerNetworkMapping.FromWire(hc.PortBindings),
            PublishAllPorts = hc.PublishAllPorts,
            RestartPolicy = restart,
            AutoRemove = autoRemove,
            // Kept as given (CAP_NET_ADMIN, NET_ADMIN, ALL): the bundle builder normalises.
            CapAdd = hc.CapAdd ?? [],
            CapDrop = hc.CapDrop ?? [],
            Privileged = hc.Privileged,
            ReadonlyRootfs = hc.ReadonlyRootfs,
            SecurityOpt = hc.SecurityOpt ?? [],
            Dns = hc.Dns ?? [],
            DnsOptions = hc.DnsOptions ?? [],
            DnsSearch = hc.DnsSearch ?? [],
            ExtraHosts = hc.ExtraHosts ?? [],
            GroupAdd = hc.GroupAdd ?? [],
            IpcMode = ipcMode,
            PidMode = S(hc.PidMode),
            UtsMode = S(hc.UTSMode),
            ShmSize = hc.ShmSize,
            Sysctls = hc.Sysctls ?? new Dictionary<string, string>(),
            Runtime = Empty(hc.Runtime),
            Init = hc.Init,
            Resources = ToResources(hc),
            Log = new LogSettings { Type = S(hc.LogConfig?.Type), Options = hc.LogConfig?.Config ?? new Dictionary<string, string>() },
            OomScoreAdj = hc.OomScoreAdj,
            ConsoleSize = ToConsoleSize(hc.ConsoleSize),
        };
    }

    /// <summary>The wire policy as the engine's, checked by the engine's one rule; absent means <c>no</c>.</summary>
    public static EngineRestart ToRestartPolicy(Wharf.Api.Containers.RestartPolicy? policy) =>
        policy is null ? EngineRestart.No : new EngineRestart(S(policy.Name), policy.MaximumRetryCount).Validate();

    static ResourceLimits ToResources(HostConfig hc)
    {
        if (hc.Memory > 0 && hc.Memory < MinimumMemory) throw EngineException.Invalid("Minimum memory limit allowed is 6MB");
        if (hc.Memory > 0 && hc.MemorySwap > 0 && hc.MemorySwap < hc.Memory)
            throw EngineException.Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        if (hc.Memory == 0 && hc.MemorySwap > 0)
            throw EngineException.Invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
        var swappiness = hc.MemorySwappiness is null or -1 ? null : hc.MemorySwappiness;
        if (swappiness is < 0 or > 100)
            throw EngineException.Invalid($"Invalid value: {swappiness}, valid memory swappiness range is 0-100");
        if (hc.NanoCpus > 0 && hc.CpuPeriod > 0)
            throw EngineException.Invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        if (hc.NanoCpus > 0 && hc.CpuQuota > 0)
            throw EngineException.Invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        return new ResourceLimits
        {
            Memory = hc.Memory,
            MemorySwap = hc.MemorySwap,
            MemoryReservation = hc.MemoryReservation,
            MemorySwappiness = swappiness,
            NanoCpus = hc.NanoCpus,
            CpuShares = hc.CpuShares,
            CpuPeriod = hc.CpuPeriod,
            CpuQuota = hc.CpuQuota,
            CpusetCpus = S(hc.CpusetCpus),
            CpusetMems = S(hc.CpusetMems),
            // 0 (what the CLI sends by default) and -1 both mean unlimited.
            PidsLimit = hc.PidsLimit is > 0 ? hc.PidsLimit : null,
            BlkioWeight = hc.BlkioWeight,
            OomKillDisable = hc.OomKillDisable,
            Ulimits = [.. (hc.Ulimits ?? []).Select(u => new EngineUlimit(S(u.Name), u.Soft, u.Hard))],
            Devices = [.. (hc.Devices ?? []).Select(ToDevice)],
        };
    }

    // dockerd fills an empty container path with the host path and empty permissions with rwm.
    static EngineDevice ToDevice(Wharf.Api.Containers.DeviceMapping d) => new(
        S(d.PathOnHost),
        S(d.PathInContainer).Length == 0 ? S(d.PathOnHost) : d.PathInContainer,
        S(d.CgroupPermissions).Length == 0 ? "rwm" : d.CgroupPermissions);

    /// <summary>One <c>--mount</c>, checked like dockerd's mount validator (<c>invalid mount config for type …</c>).</summary>
    public static MountSpec ToMountSpec(Mount m)
    {
        m = m with { Type = S(m.Type), Target = S(m.Target) };
        if (m.Type is not ("bind" or "volume" or "tmpfs"))
            throw MountError(m, "mount type unknown");
        if (m.Target.Length == 0) throw MountError(m, "field Target must not be empty");
        if (!m.Target.StartsWith('/'))
            throw EngineException.Invalid($"invalid mount config for type \"{m.Type}\": invalid mount path: '{m.Target}' mount path must be absolute");
        switch (m.Type)
        {
            case "bind":
                if (string.IsNullOrEmpty(m.Source)) throw MountError(m, "field Source must not be empty");
                if (m.VolumeOptions is not null) throw MountError(m, "field VolumeOptions must not be specified");
                if (m.TmpfsOptions is not null) throw MountError(m, "field TmpfsOptions must not be specified");
                break;
            case "tmpfs":
                if (!string.IsNullOrEmpty(m.Source)) throw MountError(m, "field Source must not be specified");
                if (m.BindOptions is not null) throw MountError(m, "field BindOptions must not be specified");
                if (m.VolumeOptions is not null) throw MountError(m, "field VolumeOptions must not be specified");
                break;
            default:
                if (m.BindOptions is not null) throw MountError(m, "field BindOptions must not be specified");
                if (m.TmpfsOptions is not null) throw MountError(m, "field TmpfsOptions must not be specified");
                break;
        }
        return new MountSpec
        {
            Type = m.Type,
            Source = m.Source ?? "",
            Target = m.Target,
            ReadOnly = m.ReadOnly,
            Propagation = m.BindOptions?.Propagation is { Length: > 0 } p ? p : null,
            TmpfsSize = m.TmpfsOptions?.SizeBytes ?? 0,
            TmpfsMode = m.TmpfsOptions is { Mode: not 0 } t ? t.Mode : null,
            NoCopy = m.VolumeOptions?.NoCopy ?? false,
            VolumeLabels = m.VolumeOptions?.Labels,
            VolumeDriver = m.VolumeOptions?.DriverConfig?.Name ?? "",
            VolumeDriverOptions = m.VolumeOptions?.DriverConfig?.Options,
        };
    }

    static EngineException MountError(Mount m, string detail) =>
        EngineException.Invalid($"invalid mount config for type \"{m.Type}\": {detail}");

    /// <summary><c>[height, width]</c>; absent, malformed or <c>[0,0]</c> means unknown.</summary>
    public static (ushort Height, ushort Width)? ToConsoleSize(IReadOnlyList<uint>? size)
    {
        if (size is not { Count: 2 } || (size[0] == 0 && size[1] == 0)) return null;
        return ((ushort)Math.Min(size[0], ushort.MaxValue), (ushort)Math.Min(size[1], ushort.MaxValue));
    }

    /// <summary>Endpoint settings by network; the <c>default</c> key (CLI 28) names the container's network mode.</summary>
    static IReadOnlyDictionary<string, EngineEndpoint> ToNetworks(NetworkingConfig? config, string networkMode)
    {
        var result = new Dictionary<string, EngineEndpoint>(StringComparer.Ordinal);
        foreach (var (key, endpoint) in config?.EndpointsConfig ?? [])
        {
            var network = key == "default" ? networkMode : key;
            result[network] = new EngineEndpoint(
                endpoint?.Aliases ?? [],
                endpoint?.IPAMConfig?.IPv4Address is { Length: > 0 } ip ? ip : null);
        }
        return result;
    }

    // The source-generated reader leaves absent init-only strings null despite their "" initialisers.
    static string S(string? value) => value ?? "";

    static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    static List<string>? Empty(List<string>? value) => value is { Count: > 0 } ? [.. value] : null;

    static Dictionary<string, EmptyObject>? Set(Dictionary<string, WireEmpty?>? value) =>
        value is { Count: > 0 } ? value.Keys.ToDictionary(k => k, _ => new EmptyObject(), StringComparer.Ordinal) : null;
}
