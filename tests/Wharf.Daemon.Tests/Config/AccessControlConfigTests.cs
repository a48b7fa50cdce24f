using Wharf.Daemon.Config;
using static Wharf.Daemon.Tests.Config.ConfigResolution;
using Wharf.Server.Security;

namespace Wharf.Daemon.Tests.Config;

/// <summary>daemon.json <c>authorization</c> and <c>audit-log</c>: parsing, defaults and the errors that stop the start.</summary>
public sealed class AccessControlConfigTests
{
    static AccessControlOptions Resolve(string json) =>
        DaemonConfigResolver.Resolve(new DaemonFlags(), DaemonConfigFile.Parse(json, ConfigPath), ConfigPath).Options.AccessControl;

    static string Fails(string json) => Assert.Throws<DaemonStartupException>(() => Resolve(json)).Message;

    [Fact]
    public void Reads_identities_default_role_bind_paths_and_audit_log()
    {
        var options = Resolve("""
            {
              "authorization": {
                "identities": [ { "cn": "alice", "role": "viewer" }, { "ou": "ops", "role": "operator" }, { "cn": "carol", "ou": "ops", "role": "admin" } ],
                "default-role": "none",
                "operator-bind-paths": [ "/srv/data", "/srv/../srv/cache/" ]
              },
              "audit-log": "/var/log/wharf/audit.log"
            }
            """);
        Assert.Equal(
            [new IdentityRule("alice", null, Role.Viewer), new IdentityRule(null, "ops", Role.Operator), new IdentityRule("carol", "ops", Role.Admin)],
            options.Identities);
        Assert.Equal(Role.None, options.DefaultRole);
        Assert.Equal(["/srv/data", "/srv/cache"], options.OperatorBindPaths);
        Assert.Equal("/var/log/wharf/audit.log", options.AuditLogPath);
    }

    [Fact]
    public void Without_the_keys_everyone_is_admin_and_the_audit_log_is_in_the_data_root()
    {
        var options = ConfigResolution.Resolve(new DaemonFlags { DataRoot = "/srv/w" }).AccessControl;
        Assert.Empty(options.Identities);
        Assert.Equal(Role.Admin, options.DefaultRole);
        Assert.Empty(options.OperatorBindPaths);
        Assert.Equal("/srv/w/audit.log", options.AuditLogPath);
    }

    [Fact]
    public void The_keys_are_honoured_not_warned_about()
    {
        var settings = DaemonConfigFile.Parse("""{"authorization": {}, "audit-log": "/a.log"}""", ConfigPath);
        Assert.Empty(settings.UnhonouredKeys);
    }

    [Theory]
    [InlineData("""{"authorization": {"identities": [{"cn": "alice", "role": "root"}]}}""",
        "authorization.identities[0]: unknown role \"root\" (expected viewer, operator, admin or none)")]
    [InlineData("""{"authorization": {"identities": [{"cn": "a", "role": "viewer"}, {"role": "viewer"}]}}""",
        "authorization.identities[1]: an identity needs a \"cn\" or an \"ou\" to match the client certificate's subject")]
    [InlineData("""{"authorization": {"identities": [{"cn": "", "ou": "", "role": "viewer"}]}}""",
        "authorization.identities[0]: an identity needs a \"cn\" or an \"ou\" to match the client certificate's subject")]
    [InlineData("""{"authorization": {"identities": [{"cn": "alice"}]}}""",
        "authorization.identities[0]: a \"role\" is required (viewer, operator, admin or none)")]
    [InlineData("""{"authorization": {"default-role": "Admin"}}""",
        "authorization.default-role: unknown role \"Admin\" (expected viewer, operator, admin or none)")]
    [InlineData("""{"authorization": {"operator-bind-paths": ["srv/data"]}}""",
        "authorization.operator-bind-paths: \"srv/data\" is not an absolute path")]
    public void Invalid_settings_refuse_the_start(string json, string message) => Assert.Equal(message, Fails(json));

    [Theory]
    [InlineData("""{"authorization": {"identites": []}}""",
        "unknown key \"identites\" in authorization (known: identities, default-role, operator-bind-paths)")]
    [InlineData("""{"authorization": {"identities": [{"CN": "alice", "role": "viewer"}]}}""",
        "unknown key \"CN\" in authorization.identities[0] (known: cn, ou, role)")]
    [InlineData("""{"authorization": []}""",
        "json: cannot unmarshal array into Go struct field Config.authorization of type authorization.Config")]
    [InlineData("""{"audit-log": 1}""",
        "json: cannot unmarshal number into Go struct field Config.audit-log of type string")]
    public void Malformed_settings_are_file_errors(string json, string reason)
    {
        var e = Assert.Throws<DaemonStartupException>(() => DaemonConfigFile.Parse(json, ConfigPath));
        Assert.Equal($"unable to configure the Wharf daemon with file {ConfigPath}: {reason}", e.Message);
    }
}
