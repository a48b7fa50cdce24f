using System.Net;
using Microsoft.AspNetCore.Http;
using Wharf.Server.Security;

namespace Wharf.Server.Tests.Security;

/// <summary>From a connection to a caller: unix socket, certificate subject rules (first match wins), default role.</summary>
public sealed class CallerResolverTests : IDisposable
{
    readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    static readonly AccessControlOptions Options = new()
    {
        Identities =
        [
            new IdentityRule("alice", null, Role.Viewer),
            new IdentityRule("carol", "ops", Role.Admin),
            new IdentityRule(null, "ops", Role.Operator),
            new IdentityRule("alice", null, Role.Admin),
        ],
        DefaultRole = Role.Viewer,
    };

    Caller FromCertificate(string subject) => new CallerResolver(Options).FromCertificate(_certificates.Client(subject));

    [Theory]
    [InlineData("CN=alice", Role.Viewer)]                     // the first rule, though a later one names alice too
    [InlineData("CN=alice, OU=ops", Role.Viewer)]
    [InlineData("CN=carol, OU=ops", Role.Admin)]             // cn and ou both match
    [InlineData("CN=carol, OU=dev", Role.Viewer)]            // cn alone is not enough for that rule; the default
    [InlineData("CN=bob, OU=dev, OU=ops", Role.Operator)]   // any OU
    [InlineData("CN=ALICE", Role.Viewer)]                    // no rule (names compare exactly): the default, also viewer
    [InlineData("CN=ops", Role.Viewer)]                      // a CN is not an OU
    public void Matches_cn_and_ou_first_rule_wins(string subject, Role expected) => Assert.Equal(expected, FromCertificate(subject).Role);

    [Fact]
    public void Names_the_caller_by_cn_and_keeps_the_subject_for_the_audit_log()
    {
        var caller = FromCertificate("CN=bob, OU=ops");
        Assert.Equal(CallerKind.Certificate, caller.Kind);
        Assert.Equal("CN=bob", caller.Name);
        Assert.Equal("CN=bob, OU=ops", caller.Subject);
        var anonymous = FromCertificate("O=Acme, OU=ops");
        Assert.Equal("O=Acme, OU=ops", anonymous.Name);
        Assert.Equal(Role.Operator, anonymous.Role);
    }

    [Fact]
    public void A_unix_socket_or_in_process_caller_is_admin_whatever_the_default()
    {
        var http = new DefaultHttpContext();
        var caller = new CallerResolver(Options with { DefaultRole = Role.None }).Resolve(http);
        Assert.Equal(CallerKind.UnixSocket, caller.Kind);
        Assert.Equal(Role.Admin, caller.Role);
        Assert.Equal("unix-socket", caller.Name);
    }

    [Fact]
    public void A_tcp_caller_is_matched_by_its_certificate_or_gets_the_default_role_without_one()
    {
        var http = new DefaultHttpContext();
        http.Connection.LocalIpAddress = IPAddress.Loopback;
        http.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:10.0.0.7");
        http.Connection.RemotePort = 50000;
        var resolver = new CallerResolver(Options with { DefaultRole = Role.None });
        var anonymous = resolver.Resolve(http);
        Assert.Equal(CallerKind.Anonymous, anonymous.Kind);
        Assert.Equal(Role.None, anonymous.Role);
        Assert.Equal("anonymous TCP client 10.0.0.7:50000", anonymous.Name);

        http.Connection.ClientCertificate = _certificates.Client("CN=alice");
        Assert.Equal(Role.Viewer, resolver.Resolve(http).Role);
    }
}
