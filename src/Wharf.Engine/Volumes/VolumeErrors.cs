namespace Wharf.Engine.Volumes;

/// <summary>dockerd's error texts for volumes, in one place (the docker CLI prints them verbatim).</summary>
internal static class VolumeErrors
{
    public static EngineException NoSuchVolume(string name) => EngineException.NotFound($"get {name}: no such volume");

    public static EngineException InUse(string name, IEnumerable<string> containers) =>
        EngineException.Conflict($"remove {name}: volume is in use - [{string.Join(", ", containers)}]");

    public static EngineException UnknownDriver(string name, string driver) =>
        EngineException.NotFound($"create {name}: error looking up volume plugin {driver}: plugin \"{driver}\" not found");

    public static EngineException InvalidOption(string name, string key) => EngineException.Invalid($"create {name}: invalid option key: \"{key}\"");

    public static EngineException NoQuota(string name) => EngineException.Invalid($"create {name}: quota size requested but no quota support");

    public static EngineException InvalidFilter(string key, IEnumerable<string> values) =>
        EngineException.Invalid($"invalid filter '{key}=[{string.Join(" ", values)}]'");

    public static EngineException MountFailed(VolumeRecord v, string detail)
    {
        string Opt(string k) => v.Options is { } o && o.TryGetValue(k, out var s) ? s : "";
        return new EngineException(ErrorKind.Internal,
            $"error while mounting volume '{v.Mountpoint}': error while mounting volume with options: type='{Opt("type")}' device='{Opt("device")}' o='{Opt("o")}': {detail}");
    }
}
