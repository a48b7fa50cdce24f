using System.Text.Json;

namespace Wharf.Daemon.Config;

/// <summary>
/// Reads daemon.json with Docker's key names through <see cref="JsonDocument"/> (no reflection binding). Error texts
/// follow dockerd's, wrapped in <c>unable to configure the Wharf daemon with file …</c> as dockerd wraps them.
/// </summary>
internal static class DaemonConfigFile
{
    /// <summary>Loads <paramref name="path"/>; a missing file is fine only when it is the default one.</summary>
    public static DaemonFileSettings Load(string path, bool explicitlyGiven)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (!explicitlyGiven) return DaemonFileSettings.Empty;
            throw Wrap(path, $"open {path}: no such file or directory", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Wrap(path, $"open {path}: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses the file's text; <paramref name="path"/> only names the file in error messages.</summary>
    public static DaemonFileSettings Parse(string text, string path)
    {
        // dockerd treats an empty (or whitespace-only) file as an empty configuration.
        if (string.IsNullOrWhiteSpace(text)) return DaemonFileSettings.Empty;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw Wrap(path, e.Message, e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Wrap(path, $"json: cannot unmarshal {GoKind(document.RootElement)} into Go value of type map[string]interface {{}}");

            var unknown = new List<string>();
            var unhonoured = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (DaemonConfigKeys.Honoured.Contains(property.Name)) continue;
                if (DaemonConfigKeys.Unhonoured.Contains(property.Name)) unhonoured.Add(property.Name);
                else unknown.Add(property.Name);
            }
            if (unknown.Count > 0)
                throw Wrap(path, $"the following directives don't match any configuration option: {string.Join(", ", unknown)}");

            try
            {
                var root = document.RootElement;
                return new DaemonFileSettings
                {
                    Hosts = StringList(root, "hosts"),
                    DataRoot = String(root, "data-root"),
                    ExecRoot = String(root, "exec-root"),
                    Pidfile = String(root, "pidfile"),
                    Debug = Bool(root, "debug"),
                    LogLevel = String(root, "log-level"),
                    LogFormat = String(root, "log-format"),
                    Group = String(root, "group"),
                    Labels = StringList(root, "labels"),
                    StorageDriver = String(root, "storage-driver"),
                    DefaultRuntime = String(root, "default-runtime"),
                    Runtimes = Runtimes(root),
                    InsecureRegistries = StringList(root, "insecure-registries"),
                    SeccompProfile = String(root, "seccomp-profile"),
                    InitPath = String(root, "init-path"),
                    Bridge = String(root, "bridge"),
                    Bip = String(root, "bip"),
                    Mtu = Int(root, "mtu"),
                    AddressPools = AddressPools(root),
                    DnsUpstreams = StringList(root, "dns-upstreams"),
                    Authorization = Authorization(root),
                    AuditLog = String(root, "audit-log"),
                    Tls = Bool(root, "tls"),
                    TlsVerify = Bool(root, "tlsverify"),
                    TlsCaCert = String(root, "tlscacert"),
                    TlsCert = String(root, "tlscert"),
                    TlsKey = String(root, "tlskey"),
                    InsecureTcp = Bool(root, "insecure-tcp"),
                    UnhonouredKeys = unhonoured,
                };
            }
            catch (FormatException e)
            {
                throw Wrap(path, e.Message, e);
            }
        }
    }

    /// <summary>Formats a daemon.json value as Go's <c>%v</c> prints it, for the flag/file conflict message.</summary>
    public static string Display(IReadOnlyList<string> values) => $"[{string.Join(' ', values)}]";

    static DaemonStartupException Wrap(string path, string reason, Exception? inner = null) =>
        new($"unable to configure the Wharf daemon with file {path}: {reason}", inner);

    static string? String(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw TypeError(value, key, "string");
    }

    static bool? Bool(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw TypeError(value, key, "bool"),
        };
    }

    static int? Int(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw TypeError(value, key, "int");
    }

    /// <summary><c>"default-address-pools": [{"base": "10.213.0.0/16", "size": 24}]</c>.</summary>
    static List<(string Base, int Size)>? AddressPools(JsonElement root)
    {
        const string key = "default-address-pools";
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw TypeError(value, key, "[]*ipamutils.NetworkToSplit");
        var list = new List<(string, int)>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw TypeError(item, key, "ipamutils.NetworkToSplit");
            list.Add((String(item, "base") ?? "", Int(item, "size") ?? 0));
        }
        return list;
    }

    /// <summary>
    /// <c>"authorization": {"identities": [{"cn": "alice", "role": "viewer"}], "default-role": "admin",
    /// "operator-bind-paths": ["/srv/data"]}</c>. A misspelt key would silently widen access, so unknown keys are errors.
    /// </summary>
    static AuthorizationSettings? Authorization(JsonElement root)
    {
        const string key = "authorization";
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw TypeError(value, key, "authorization.Config");
        RejectUnknown(value, key, "identities", "default-role", "operator-bind-paths");
        var identities = new List<IdentitySetting>();
        if (value.TryGetProperty("identities", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array) throw TypeError(list, "authorization.identities", "[]authorization.Identity");
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var where = $"authorization.identities[{index++}]";
                if (item.ValueKind != JsonValueKind.Object) throw TypeError(item, where, "authorization.Identity");
                RejectUnknown(item, where, "cn", "ou", "role");
                identities.Add(new IdentitySetting(String(item, "cn"), String(item, "ou"), String(item, "role")));
            }
        }
        return new AuthorizationSettings
        {
            Identities = identities,
            DefaultRole = String(value, "default-role"),
            OperatorBindPaths = StringList(value, "operator-bind-paths") ?? [],
        };
    }

    static void RejectUnknown(JsonElement value, string where, params string[] known)
    {
        foreach (var property in value.EnumerateObject())
            if (!known.Contains(property.Name, StringComparer.Ordinal))
                throw new FormatException($"unknown key \"{property.Name}\" in {where} (known: {string.Join(", ", known)})");
    }

    static List<string>? StringList(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw TypeError(value, key, "[]string");
        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw TypeError(item, key, "string"));
        return list;
    }

    static Dictionary<string, RuntimeSpec>? Runtimes(JsonElement root)
    {
        if (!root.TryGetProperty("runtimes", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw TypeError(value, "runtimes", "map[string]types.Runtime");
        var runtimes = new Dictionary<string, RuntimeSpec>(StringComparer.Ordinal);
        foreach (var runtime in value.EnumerateObject())
        {
            if (runtime.Value.ValueKind != JsonValueKind.Object) throw TypeError(runtime.Value, "runtimes", "types.Runtime");
            var path = String(runtime.Value, "path");
            if (string.IsNullOrEmpty(path)) throw new FormatException($"runtime {runtime.Name}: a path is required");
            runtimes[runtime.Name] = new RuntimeSpec(path, StringList(runtime.Value, "runtimeArgs") ?? []);
        }
        return runtimes;
    }

    // Go's encoding/json wording, which dockerd prints verbatim.
    static FormatException TypeError(JsonElement value, string key, string goType) =>
        new($"json: cannot unmarshal {GoKind(value)} into Go struct field Config.{key} of type {goType}");

    static string GoKind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };
}
