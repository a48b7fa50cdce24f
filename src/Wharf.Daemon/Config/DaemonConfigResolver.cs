using Wharf.Engine.Networks.Dns;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Networks;
using Wharf.Server.Security;

namespace Wharf.Daemon.Config;

/// <summary>Merges defaults, daemon.json and flags into <see cref="DaemonOptions"/>, with dockerd's conflict and validation errors.</summary>
internal static class DaemonConfigResolver
{
    /// <summary>Reads the config file the flags point at (or the default one) and resolves everything.</summary>
    public static DaemonConfiguration Load(DaemonFlags flags)
    {
        var path = Path.GetFullPath(flags.ConfigFile ?? DaemonOptions.DefaultConfigFile);
        var file = DaemonConfigFile.Load(path, explicitlyGiven: flags.ConfigFile is not null);
        return Resolve(flags, file, path);
    }

    public static DaemonConfiguration Resolve(DaemonFlags flags, DaemonFileSettings file, string configPath)
    {
        ThrowOnConflicts(flags, file, configPath);

        var tls = ResolveTls(flags, file);
        var hostTexts = flags.Hosts ?? file.Hosts ?? [];
        List<HostAddress> hosts = hostTexts.Count == 0
            ? [new UnixHostAddress(HostAddress.DefaultSocketPath)]
            : hostTexts.Select(h => HostAddress.Parse(h, tls is not null)).Distinct().ToList();

        var debug = flags.Debug ?? file.Debug ?? false;
        var levelText = flags.LogLevel ?? file.LogLevel ?? "info";
        var level = ParseLogLevel(levelText);
        var formatText = flags.LogFormat ?? file.LogFormat ?? "text";
        var format = formatText switch
        {
            "text" => LogFormat.Text,
            "json" => LogFormat.Json,
            _ => throw new DaemonStartupException($"unknown log format: {formatText}"),
        };

        if (file.StorageDriver is { Length: > 0 } driver && driver != DaemonOptions.StorageDriver)
            throw new DaemonStartupException($"storage-driver \"{driver}\" is not supported: Wharf stores layers with {DaemonOptions.StorageDriver} only");

        var labels = file.Labels ?? [];
        foreach (var label in labels)
            if (label.IndexOf('=', StringComparison.Ordinal) <= 0) throw new DaemonStartupException($"bad attribute format: {label}");

        var runtimes = new Dictionary<string, RuntimeSpec>(StringComparer.Ordinal)
        {
            [DaemonOptions.DefaultRuntimeName] = new RuntimeSpec(DaemonOptions.DefaultRuntimeName, []),
        };
        foreach (var (name, spec) in file.Runtimes ?? new Dictionary<string, RuntimeSpec>())
        {
            if (name == DaemonOptions.DefaultRuntimeName) throw new DaemonStartupException($"runtime name '{name}' is reserved");
            runtimes[name] = spec;
        }
        var defaultRuntime = file.DefaultRuntime is { Length: > 0 } chosen ? chosen : DaemonOptions.DefaultRuntimeName;
        if (!runtimes.ContainsKey(defaultRuntime))
            throw new DaemonStartupException($"specified default runtime '{defaultRuntime}' does not exist");

        var group = flags.Group ?? file.Group ?? DaemonOptions.DefaultGroup;
        if (group.Length == 0) throw new DaemonStartupException("the socket group must not be empty");

        var dataRoot = AbsolutePath(flags.DataRoot ?? file.DataRoot ?? DaemonOptions.DefaultDataRoot, "data-root");
        var options = new DaemonOptions
        {
            Hosts = hosts,
            Tls = tls,
            InsecureTcp = flags.InsecureTcp ?? file.InsecureTcp ?? false,
            DataRoot = dataRoot,
            ExecRoot = AbsolutePath(flags.ExecRoot ?? file.ExecRoot ?? DaemonOptions.DefaultExecRoot, "exec-root"),
            Pidfile = AbsolutePath(flags.Pidfile ?? file.Pidfile ?? DaemonOptions.DefaultPidfile, "pidfile"),
            ConfigFile = configPath,
            Debug = debug,
            // dockerd: --debug forces the debug level whatever --log-level says.
            LogLevel = debug ? LogLevel.Debug : level,
            LogFormat = format,
            Group = group,
            Labels = labels,
            DefaultRuntime = defaultRuntime,
            Runtimes = runtimes,
            InsecureRegistries = file.InsecureRegistries ?? [],
            SeccompProfile = file.SeccompProfile is { Length: > 0 } profile ? AbsolutePath(profile, "seccomp-profile") : null,
            InitPath = file.InitPath is { Length: > 0 } init ? AbsolutePath(init, "init-path") : null,
            Network = ResolveNetwork(flags, file),
            Dns = ResolveDns(file),
            AccessControl = ResolveAccessControl(file, dataRoot),
        };
        return new DaemonConfiguration(options, file.UnhonouredKeys);
    }

    public static LogLevel ParseLogLevel(string text) => text switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" => LogLevel.Critical,
        _ => throw new DaemonStartupException($"unable to parse logging level: {text}"),
    };

    static void ThrowOnConflicts(DaemonFlags flags, DaemonFileSettings file, string configPath)
    {
        var conflicts = new List<string>();
        void Check(string key, string? fromFlag, string? fromFile)
        {
            if (fromFlag is not null && fromFile is not null) conflicts.Add($"{key}: (from flag: {fromFlag}, from file: {fromFile})");
        }
        Check("hosts", flags.Hosts is null ? null : DaemonConfigFile.Display(flags.Hosts), file.Hosts is null ? null : DaemonConfigFile.Display(file.Hosts));
        Check("data-root", flags.DataRoot, file.DataRoot);
        Check("exec-root", flags.ExecRoot, file.ExecRoot);
        Check("pidfile", flags.Pidfile, file.Pidfile);
        Check("debug", Bool(flags.Debug), Bool(file.Debug));
        Check("log-level", flags.LogLevel, file.LogLevel);
        Check("log-format", flags.LogFormat, file.LogFormat);
        Check("group", flags.Group, file.Group);
        Check("bridge", flags.Bridge, file.Bridge);
        Check("bip", flags.Bip, file.Bip);
        Check("tls", Bool(flags.Tls), Bool(file.Tls));
        Check("tlsverify", Bool(flags.TlsVerify), Bool(file.TlsVerify));
        Check("tlscacert", flags.TlsCaCert, file.TlsCaCert);
        Check("tlscert", flags.TlsCert, file.TlsCert);
        Check("tlskey", flags.TlsKey, file.TlsKey);
        Check("insecure-tcp", Bool(flags.InsecureTcp), Bool(file.InsecureTcp));
        if (conflicts.Count > 0)
            throw new DaemonStartupException(
                $"unable to configure the Wharf daemon with file {configPath}: the following directives are specified both as a flag and in the configuration file: {string.Join(", ", conflicts)}");
    }

    /// <summary>
    /// dockerd's <c>--tls</c> / <c>--tlsverify</c> (which implies <c>--tls</c>) with their files. dockerd falls back to
    /// ~/.docker/*.pem; wharfd wants the paths spelled out, so that a daemon never serves a certificate by accident.
    /// </summary>
    static DaemonTlsOptions? ResolveTls(DaemonFlags flags, DaemonFileSettings file)
    {
        var verify = flags.TlsVerify ?? file.TlsVerify ?? false;
        if (!verify && !(flags.Tls ?? file.Tls ?? false)) return null;
        var option = verify ? "--tlsverify" : "--tls";
        var cert = flags.TlsCert ?? file.TlsCert;
        var key = flags.TlsKey ?? file.TlsKey;
        if (string.IsNullOrEmpty(cert) || string.IsNullOrEmpty(key))
            throw new DaemonStartupException(
                $"{option} needs --tlscert and --tlskey (the server's certificate and key; `wharfd tls init DIR --san NAME` makes them)");
        var ca = flags.TlsCaCert ?? file.TlsCaCert;
        if (verify && string.IsNullOrEmpty(ca))
            throw new DaemonStartupException("--tlsverify needs --tlscacert: the CA whose client certificates are accepted (`wharfd tls init DIR` makes ca.pem)");
        return new DaemonTlsOptions(
            AbsolutePath(cert, "tlscert"), AbsolutePath(key, "tlskey"), string.IsNullOrEmpty(ca) ? null : AbsolutePath(ca, "tlscacert"), verify);
    }

    /// <summary>dockerd's <c>--bridge</c>, <c>--bip</c>, <c>mtu</c> and <c>default-address-pools</c>, checked.</summary>
    static NetworkOptions ResolveNetwork(DaemonFlags flags, DaemonFileSettings file)
    {
        var defaults = new NetworkOptions();
        var bridge = flags.Bridge ?? file.Bridge ?? NetworkOptions.DefaultBridgeDevice;
        if (bridge.Length is 0 or > 15 || bridge.Any(c => c <= ' ' || c is '/' or ':'))
            throw new DaemonStartupException($"invalid bridge name: {bridge}");
        Ipv4Subnet? bip = null;
        if ((flags.Bip ?? file.Bip) is { Length: > 0 } text)
        {
            if (!Ipv4Subnet.TryParse(text, out var parsed) || parsed.PrefixLength > 30 || parsed.Address == parsed.Network || parsed.Address == parsed.Broadcast)
                throw new DaemonStartupException($"invalid bip: {text}: it must be a host address with its prefix, such as 10.213.0.1/24");
            bip = parsed;
        }
        var mtu = file.Mtu ?? defaults.Mtu;
        if (mtu is < 68 or > 65535) throw new DaemonStartupException($"invalid MTU number: {mtu}");
        var pools = defaults.Pools;
        if (file.AddressPools is { Count: > 0 } given)
        {
            var list = new List<AddressPool>();
            foreach (var (b, size) in given)
            {
                if (!Ipv4Subnet.TryParse(b, out var baseNet)) throw new DaemonStartupException($"invalid default-address-pools base: {b}");
                if (size < baseNet.PrefixLength || size > 30) throw new DaemonStartupException($"invalid pools size: {size}");
                list.Add(new AddressPool(baseNet.Canonical, size));
            }
            pools = list;
        }
        return new NetworkOptions { BridgeDevice = bridge, BridgeIp = bip, Mtu = mtu, Pools = pools };
    }

    /// <summary>Wharf's <c>dns-upstreams</c>: where the embedded DNS forwards names that are not containers'.</summary>
    static DnsUpstreamOptions ResolveDns(DaemonFileSettings file)
    {
        try
        {
            return new DnsUpstreamOptions { Servers = DnsUpstreams.Parse(file.DnsUpstreams ?? []) };
        }
        catch (FormatException e)
        {
            throw new DaemonStartupException(e.Message, e);
        }
    }

    /// <summary>
    /// Wharf's <c>authorization</c> and <c>audit-log</c>: every identity names a cn or an ou and a known role, bind paths
    /// are absolute; the audit log defaults to <c>&lt;data-root&gt;/audit.log</c>.
    /// </summary>
    static AccessControlOptions ResolveAccessControl(DaemonFileSettings file, string dataRoot)
    {
        const string roles = "viewer, operator, admin or none";
        var given = file.Authorization ?? new AuthorizationSettings();
        var identities = new List<IdentityRule>();
        for (var i = 0; i < given.Identities.Count; i++)
        {
            var (cn, ou, roleText) = (given.Identities[i].Cn, given.Identities[i].Ou, given.Identities[i].Role);
            var where = $"authorization.identities[{i}]";
            if (string.IsNullOrEmpty(cn) && string.IsNullOrEmpty(ou))
                throw new DaemonStartupException($"{where}: an identity needs a \"cn\" or an \"ou\" to match the client certificate's subject");
            if (roleText is null) throw new DaemonStartupException($"{where}: a \"role\" is required ({roles})");
            if (!RoleNames.TryParse(roleText, out var role))
                throw new DaemonStartupException($"{where}: unknown role \"{roleText}\" (expected {roles})");
            identities.Add(new IdentityRule(string.IsNullOrEmpty(cn) ? null : cn, string.IsNullOrEmpty(ou) ? null : ou, role));
        }
        var defaultRole = Role.Admin;
        if (given.DefaultRole is { } text && !RoleNames.TryParse(text, out defaultRole))
            throw new DaemonStartupException($"authorization.default-role: unknown role \"{text}\" (expected {roles})");
        var bindPaths = new List<string>();
        foreach (var path in given.OperatorBindPaths)
        {
            if (!path.StartsWith('/'))
                throw new DaemonStartupException($"authorization.operator-bind-paths: \"{path}\" is not an absolute path");
            bindPaths.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        }
        return new AccessControlOptions
        {
            Identities = identities,
            DefaultRole = defaultRole,
            OperatorBindPaths = bindPaths,
            AuditLogPath = AbsolutePath(file.AuditLog ?? Path.Combine(dataRoot, "audit.log"), "audit-log"),
        };
    }

    static string? Bool(bool? value) => value switch { true => "true", false => "false", null => null };

    static string AbsolutePath(string path, string key) =>
        path.Length == 0 ? throw new DaemonStartupException($"{key} must not be empty") : Path.GetFullPath(path);
}
