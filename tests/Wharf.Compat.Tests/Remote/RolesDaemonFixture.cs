using System.Runtime.Versioning;

namespace Wharf.Compat.Tests.Remote;

/// <summary>
/// A <see cref="TlsDaemonFixture"/> whose daemon.json maps certificate subjects to roles: CN=alice is a viewer, OU=ops
/// an operator (who may bind-mount below <see cref="BindableDir"/>), anyone else nobody (default-role none); the
/// fixture's own client certificate (CN=compat) is made an admin.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RolesDaemonFixture : TlsDaemonFixture
{
    public string BindableDir => Path.Combine(Daemon.Root, "bindable");
    public string AuditLog => Path.Combine(Daemon.Root, "audit.log");

    /// <summary>Certificate and key of each identity: "alice" (viewer), "bob" (OU ops: operator), "mallory" (no entry).</summary>
    public Dictionary<string, (string Cert, string Key)> Identities { get; } = [];

    protected override void Configure()
    {
        Directory.CreateDirectory(BindableDir);
        foreach (var (name, unit) in new[] { ("alice", (string?)null), ("bob", "ops"), ("mallory", null) })
            Identities[name] = Tls.IssueClient(name, unit, Path.Combine(Tls.Path, name), 2, force: false, DateTimeOffset.UtcNow);
        var config = Path.Combine(Daemon.Root, "daemon.json");
        File.WriteAllText(config, $$"""
            {
              "authorization": {
                "identities": [
                  { "cn": "alice", "role": "viewer" },
                  { "ou": "ops", "role": "operator" },
                  { "cn": "compat", "role": "admin" }
                ],
                "default-role": "none",
                "operator-bind-paths": [ "{{BindableDir}}" ]
              },
              "audit-log": "{{AuditLog}}"
            }
            """);
        Daemon.ExtraArguments.AddRange(["--config-file", config]);
    }

    /// <summary>The docker CLI's flags to reach this daemon as <paramref name="identity"/>, then <paramref name="args"/>.</summary>
    public string[] As(string identity, params string[] args)
    {
        var (cert, key) = Identities[identity];
        return ["--tlsverify", "--tlscacert", CaFile, "--tlscert", cert, "--tlskey", key, "-H", Host, .. args];
    }
}
