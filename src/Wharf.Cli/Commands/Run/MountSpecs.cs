using System.Globalization;
using Wharf.Api.Containers;

namespace Wharf.Cli.Commands.Run;

/// <summary><c>--mount</c>, <c>--ulimit</c>, <c>--device</c>, <c>--restart</c> and <c>--add-host</c> values, parsed as docker's opts package does.</summary>
internal static class MountSpecs
{
    static readonly HashSet<string> UlimitNames = ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"];

    /// <summary>One <c>--mount type=…,source=…,target=…[,readonly]</c>; throws docker's reason as a message.</summary>
    public static Mount Parse(string spec)
    {
        string type = "volume", target = "";
        string? source = null, propagation = null, consistency = null;
        var readOnly = false;
        var noCopy = false;
        var nonRecursive = false;
        long size = 0;
        var mode = 0;
        Dictionary<string, string>? labels = null, driverOptions = null;
        string? driver = null;
        foreach (var field in spec.Split(','))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? field : field[..equals]).ToLowerInvariant();
            var value = equals < 0 ? null : field[(equals + 1)..];
            if (value is null && key is not ("readonly" or "ro" or "volume-nocopy" or "bind-nonrecursive"))
                throw new FormatException($"invalid field '{field}' must be a key=value pair");
            switch (key)
            {
                case "type": type = value!; break;
                case "source" or "src": source = value; break;
                case "target" or "dst" or "destination": target = value!; break;
                case "readonly" or "ro": readOnly = ParseBool(value, key); break;
                case "consistency": consistency = value; break;
                case "bind-propagation": propagation = value; break;
                case "bind-nonrecursive": nonRecursive = ParseBool(value, key); break;
                case "volume-nocopy": noCopy = ParseBool(value, key); break;
                case "volume-driver": driver = value; break;
                case "volume-label": AddPair(labels ??= [], value!); break;
                case "volume-opt": AddPair(driverOptions ??= [], value!); break;
                case "tmpfs-size":
                    size = Units.RamInBytes(value!) ?? throw new FormatException($"invalid value for {key}: {value}");
                    break;
                case "tmpfs-mode":
                    mode = value!.Length is > 0 and <= 11 && value.All(c => c is >= '0' and <= '7') ? Convert.ToInt32(value, 8)
                        : throw new FormatException($"invalid value for {key}: {value}");
                    break;
                default: throw new FormatException($"unexpected key '{key}' in '{field}'");
            }
        }
        if (type is not ("bind" or "volume" or "tmpfs" or "npipe")) throw new FormatException($"invalid mount type: {type}");
        if (target.Length == 0) throw new FormatException("target is required");
        return new Mount
        {
            Type = type,
            Source = source,
            Target = target,
            ReadOnly = readOnly,
            Consistency = consistency,
            BindOptions = type == "bind" && (propagation is not null || nonRecursive) ? new BindOptions { Propagation = propagation, NonRecursive = nonRecursive } : null,
            VolumeOptions = type == "volume" && (noCopy || labels is not null || driver is not null || driverOptions is not null)
                ? new VolumeOptions { NoCopy = noCopy, Labels = labels, DriverConfig = driver is null && driverOptions is null ? null : new MountDriverConfig { Name = driver ?? "", Options = driverOptions } }
                : null,
            TmpfsOptions = type == "tmpfs" && (size != 0 || mode != 0) ? new TmpfsOptions { SizeBytes = size, Mode = mode } : null,
        };
    }

    /// <summary><c>--ulimit name=soft[:hard]</c>.</summary>
    public static Ulimit ParseUlimit(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0) throw new FormatException($"invalid ulimit argument: {spec}");
        var name = spec[..equals];
        if (!UlimitNames.Contains(name)) throw new FormatException($"invalid ulimit type: {name}");
        var limits = spec[(equals + 1)..].Split(':');
        if (limits.Length > 2) throw new FormatException($"too many limit value arguments - {spec[(equals + 1)..]}, can only have up to two, `soft[:hard]`");
        var soft = ParseLimit(limits[0]);
        var hard = limits.Length == 2 ? ParseLimit(limits[1]) : soft;
        if (soft > hard) throw new FormatException($"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        return new Ulimit { Name = name, Soft = soft, Hard = hard };

        long ParseLimit(string text) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"invalid ulimit value: {text}");
    }

    /// <summary><c>--device host[:container][:rwm]</c>.</summary>
    public static DeviceMapping ParseDevice(string spec)
    {
        var parts = spec.Split(':');
        string source = parts[0], target = "", permissions = "rwm";
        switch (parts.Length)
        {
            case 1: break;
            case 2 when ValidDeviceMode(parts[1]): permissions = parts[1]; break;
            case 2: target = parts[1]; break;
            case 3: target = parts[1]; permissions = parts[2]; break;
            default: throw new FormatException($"invalid device specification: {spec}");
        }
        if (!ValidDeviceMode(permissions)) throw new FormatException($"invalid device mode: {permissions}");
        return new DeviceMapping { PathOnHost = source, PathInContainer = target.Length == 0 ? source : target, CgroupPermissions = permissions };
    }

    /// <summary><c>--restart no|always|unless-stopped|on-failure[:N]</c>.</summary>
    public static RestartPolicy ParseRestart(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? spec : spec[..colon];
        var count = 0;
        if (colon >= 0 && spec.Length > colon + 1 && !int.TryParse(spec[(colon + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count))
            throw new FormatException("invalid restart policy format: maximum retry count must be an integer");
        return new RestartPolicy { Name = name, MaximumRetryCount = count };
    }

    /// <summary><c>--add-host name:ip</c> or <c>name=ip</c>, sent as <c>name:ip</c>.</summary>
    public static string ParseExtraHost(string spec)
    {
        var cut = spec.IndexOf('=', StringComparison.Ordinal);
        if (cut < 0) cut = spec.IndexOf(':', StringComparison.Ordinal);
        if (cut <= 0) throw new FormatException($"bad format for add-host: \"{spec}\"");
        var ip = spec[(cut + 1)..];
        if (ip.StartsWith('[') && ip.EndsWith(']')) ip = ip[1..^1];
        if (ip != "host-gateway" && !global::System.Net.IPAddress.TryParse(ip, out _)) throw new FormatException($"invalid IP address in add-host: \"{ip}\"");
        return $"{spec[..cut]}:{ip}";
    }

    static bool ValidDeviceMode(string mode) => mode.Length is > 0 and <= 3 && mode.All(c => c is 'r' or 'w' or 'm') && mode.Distinct().Count() == mode.Length;

    static bool ParseBool(string? value, string key) => value switch
    {
        null or "1" or "true" or "True" or "TRUE" => true,
        "0" or "false" or "False" or "FALSE" => false,
        _ => throw new FormatException($"invalid value for {key}: {value}"),
    };

    static void AddPair(Dictionary<string, string> map, string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0) map[pair] = "";
        else map[pair[..equals]] = pair[(equals + 1)..];
    }
}
