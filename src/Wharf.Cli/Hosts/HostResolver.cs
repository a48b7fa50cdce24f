using Wharf.Client;

namespace Wharf.Cli.Hosts;

/// <summary>
/// Chooses the daemon as ARCHITECTURE.md orders it: <c>-H/--host</c>, <c>--context</c>, <c>WHARF_HOST</c>, <c>DOCKER_HOST</c>,
/// <c>WHARF_CONTEXT</c>/<c>DOCKER_CONTEXT</c>, the current context of config.json, then <c>unix:///var/run/wharf.sock</c>.
/// TLS comes from <c>--tls</c>/<c>--tlsverify</c>, <c>WHARF_TLS_VERIFY</c>/<c>DOCKER_TLS_VERIFY</c>, the certificate flags, and
/// <c>WHARF_CERT_PATH</c>/<c>DOCKER_CERT_PATH</c> (default: the config directory) holding ca.pem, cert.pem and key.pem.
/// </summary>
internal static class HostResolver
{
    public static Connection Resolve(GlobalFlags flags, Func<string, string?> env, ContextStore store)
    {
        if (flags.Host is not null && flags.Context is not null)
            throw new CliException("conflicting options: either specify --host or --context, not both");

        var tlsVerify = flags.TlsVerify || !string.IsNullOrEmpty(env("WHARF_TLS_VERIFY") ?? env("DOCKER_TLS_VERIFY"));
        var tlsOn = flags.Tls || tlsVerify;
        var certPath = NonEmpty(env("WHARF_CERT_PATH")) ?? NonEmpty(env("DOCKER_CERT_PATH")) ?? store.ConfigDirectory;
        ClientTls? FlagTls() => tlsOn
            ? new ClientTls(
                Existing(flags.TlsCaCert ?? Path.Combine(certPath, "ca.pem"), flags.TlsCaCert is not null),
                Existing(flags.TlsCert ?? Path.Combine(certPath, "cert.pem"), flags.TlsCert is not null),
                Existing(flags.TlsKey ?? Path.Combine(certPath, "key.pem"), flags.TlsKey is not null),
                tlsVerify)
            : null;

        if (flags.Host is not null) return new(DaemonHost.Parse(flags.Host, tlsOn), FlagTls(), ContextStore.DefaultName, "flag -H");
        var contextName = flags.Context;
        var source = "flag --context";
        if (contextName is null)
        {
            if (NonEmpty(env("WHARF_HOST")) is { } wharfHost) return new(DaemonHost.Parse(wharfHost, tlsOn), FlagTls(), ContextStore.DefaultName, "WHARF_HOST");
            if (NonEmpty(env("DOCKER_HOST")) is { } dockerHost) return new(DaemonHost.Parse(dockerHost, tlsOn), FlagTls(), ContextStore.DefaultName, "DOCKER_HOST");
            (contextName, source) = NonEmpty(env("WHARF_CONTEXT")) is { } w ? (w, "WHARF_CONTEXT")
                : NonEmpty(env("DOCKER_CONTEXT")) is { } d ? (d, "DOCKER_CONTEXT")
                : (store.CurrentContext(), "config.json");
        }
        if (contextName == ContextStore.DefaultName) return new(DaemonHost.Default, FlagTls(), ContextStore.DefaultName, "default");

        var entry = store.Load(contextName);
        ClientTls? tls = null;
        if (entry.TlsDirectory is not null || entry.SkipTlsVerify)
        {
            string? File(string name) => entry.TlsDirectory is null ? null : Existing(Path.Combine(entry.TlsDirectory, name), required: false);
            tls = new ClientTls(File("ca.pem"), File("cert.pem"), File("key.pem"), !entry.SkipTlsVerify);
        }
        return new(DaemonHost.Parse(entry.Host, tls is not null), tls, entry.Name, $"context {entry.Name} ({source})");
    }

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>A default certificate file that is absent is simply not used; one named by a flag must exist.</summary>
    static string? Existing(string path, bool required)
    {
        if (File.Exists(path)) return path;
        if (required) throw new CliException($"Could not load X509 key pair: open {path}: no such file or directory");
        return null;
    }
}
