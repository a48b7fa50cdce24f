using Wharf.Api.Containers;
using Wharf.Api.Exec;
using Wharf.Api.Volumes;
using Wharf.Engine.Containers;
using HostConfig = Wharf.Api.Containers.HostConfig;

namespace Wharf.Server.Security;

/// <summary>
/// The body half of the operator role: what a container create, an exec create or a volume create may not ask for,
/// because it hands out the host. Each method returns the refusal, or null. Bodies are the same records the
/// endpoints read (case-insensitive names), so the policy sees exactly what the engine will get.
/// </summary>
internal sealed class OperatorRules(IReadOnlyList<string> bindPaths)
{
    public AccessDenial? ContainerCreate(ContainerCreateRequest body)
    {
        var hc = body.HostConfig;
        if (hc is null) return null;
        if (hc.Privileged) return AccessDenial.Body("create a privileged container");
        foreach (var (what, mode) in new[]
                 {
                     ("network", hc.NetworkMode), ("PID", hc.PidMode), ("IPC", hc.IpcMode), ("UTS", hc.UTSMode),
                     ("user", hc.UsernsMode), ("cgroup", hc.CgroupnsMode),
                 })
            if (IsHost(mode)) return AccessDenial.Body($"create a container in the host's {what} namespace");
        foreach (var network in body.NetworkingConfig?.EndpointsConfig?.Keys ?? Enumerable.Empty<string>())
            if (IsHost(network)) return AccessDenial.Body("create a container in the host's network namespace");
        if (hc.CapAdd is { Count: > 0 } caps) return AccessDenial.Body($"create a container with added capabilities ({string.Join(", ", caps)})");
        if (hc.Devices is { Count: > 0 } || hc.DeviceRequests is { Count: > 0 } || hc.DeviceCgroupRules is { Count: > 0 })
            return AccessDenial.Body("create a container with host devices");
        foreach (var opt in hc.SecurityOpt ?? [])
            if (opt.StartsWith("seccomp", StringComparison.OrdinalIgnoreCase))
                return AccessDenial.Body($"create a container with its own seccomp profile ({Shorten(opt)})");
        foreach (var bind in hc.Binds ?? [])
        {
            var parts = bind.Split(':');
            if (parts.Length >= 2 && parts[0].StartsWith('/') && BindRefusal(parts[0]) is { } refused) return refused;
        }
        foreach (var mount in hc.Mounts ?? [])
        {
            if (string.Equals(mount.Type, "bind", StringComparison.OrdinalIgnoreCase))
            {
                if (BindRefusal(mount.Source ?? "") is { } refused) return refused;
            }
            else if (VolumeOptionsRefusal(mount.VolumeOptions?.DriverConfig?.Options) is { } refused)
            {
                return refused;
            }
        }
        return null;
    }

    /// <summary>
    /// An exec, an attach or a copy into an existing container is as much as its own powers: an operator may not reach
    /// into a container an operator could not have created (an admin's privileged one, say).
    /// </summary>
    public AccessDenial? ExistingContainer(string name, string action, HostSettings host)
    {
        var reason = HostAccess(host);
        return reason is null ? null : AccessDenial.Body($"{action} container {name}: {reason}");
    }

    string? HostAccess(HostSettings host)
    {
        if (host.Privileged) return "it is privileged";
        foreach (var (what, mode) in new[] { ("network", host.NetworkMode), ("PID", host.PidMode), ("IPC", host.IpcMode), ("UTS", host.UtsMode) })
            if (IsHost(mode)) return $"it shares the host's {what} namespace";
        if (host.CapAdd.Count > 0) return "it has added capabilities";
        if (host.Resources.Devices.Count > 0) return "it has host devices";
        if (host.SecurityOpt.Any(o => o.StartsWith("seccomp", StringComparison.OrdinalIgnoreCase))) return "it has its own seccomp profile";
        foreach (var bind in host.Binds)
        {
            var parts = bind.Split(':');
            if (parts.Length >= 2 && parts[0].StartsWith('/') && BindRefusal(parts[0]) is not null) return $"it bind-mounts {parts[0]}";
        }
        foreach (var mount in host.Mounts)
        {
            if (string.Equals(mount.Type, "bind", StringComparison.OrdinalIgnoreCase) && BindRefusal(mount.Source) is not null)
                return $"it bind-mounts {mount.Source}";
            if (VolumeOptionsRefusal(mount.VolumeDriverOptions) is not null) return "it mounts a host device or filesystem";
        }
        return null;
    }

    public static AccessDenial? ExecCreate(ExecConfig body) =>
        body.Privileged ? AccessDenial.Body("run a privileged exec") : null;

    public AccessDenial? VolumeCreate(VolumeCreateOptions body) => VolumeOptionsRefusal(body.DriverOpts);

    /// <summary>
    /// The local driver mounts <c>device</c> with <c>type</c> and <c>o</c>: a bind (<c>o=bind</c>) is a bind mount and
    /// follows the bind rule, tmpfs is harmless, anything else (a block device, NFS) is the host's and refused.
    /// </summary>
    AccessDenial? VolumeOptionsRefusal(IReadOnlyDictionary<string, string>? options)
    {
        if (options is null) return null;
        string? Get(string key) => options.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        var (type, device, o) = (Get("type"), Get("device"), Get("o"));
        if (type is null && device is null && o is null) return null;
        var flags = (o ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (flags.Any(f => f is "bind" or "rbind"))
            return BindRefusal(device ?? "");
        if (string.Equals(type, "tmpfs", StringComparison.Ordinal)) return null;
        return AccessDenial.Body($"create a volume that mounts a host device or filesystem (type={type}, device={device})");
    }

    /// <summary>
    /// Null when <paramref name="source"/> is inside an allowed path both as written (a Mounts source) and cleaned (a
    /// Binds source, which the engine cleans), each resolved through every symlink, so neither <c>..</c> nor a link escapes.
    /// </summary>
    AccessDenial? BindRefusal(string source)
    {
        var refusal = AccessDenial.Body(bindPaths.Count == 0
            ? $"bind-mount {source} (operator-bind-paths is empty: operators may not bind-mount host paths)"
            : $"bind-mount {source} (operators may bind-mount only below {string.Join(", ", bindPaths)})");
        if (!source.StartsWith('/')) return refusal;
        try
        {
            var asWritten = HostPaths.Resolve(source);
            var cleaned = HostPaths.Resolve(Path.GetFullPath(source));
            foreach (var root in bindPaths)
            {
                var resolvedRoot = HostPaths.Resolve(root);
                if (HostPaths.IsWithin(asWritten, resolvedRoot) && HostPaths.IsWithin(cleaned, resolvedRoot)) return null;
            }
        }
        catch (IOException)
        {
            // A symlink loop: the kernel would refuse it too.
        }
        return refusal;
    }

    static bool IsHost(string? mode) => string.Equals(mode, "host", StringComparison.OrdinalIgnoreCase);

    // Inline seccomp profiles are whole JSON documents; the message needs only their start.
    static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
