using System.Security.Cryptography.X509Certificates;
using Wharf.Daemon.Tls;

namespace Wharf.Daemon.Tests.Tls;

/// <summary>The mutual-TLS decision: the given CA only, valid now, client authentication allowed.</summary>
public sealed class ClientCertificateValidatorTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    static readonly X509Certificate2 Ca = CertificateFactory.CreateCa("test CA", Now, 10);
    static readonly X509Certificate2 OtherCa = CertificateFactory.CreateCa("other CA", Now, 10);

    static string? Check(X509Certificate2? client) => ClientCertificateValidator.Check(client, null, [Ca], Now.UtcDateTime);

    [Fact]
    public void A_client_certificate_from_the_ca_is_accepted()
    {
        using var client = CertificateFactory.CreateClient(Ca, "alice", null, Now, 5);
        Assert.Null(Check(client));
    }

    [Fact]
    public void No_certificate_is_refused() => Assert.Equal("no client certificate", Check(null));

    [Fact]
    public void Another_ca_s_certificate_is_refused_even_when_that_ca_is_valid()
    {
        using var stranger = CertificateFactory.CreateClient(OtherCa, "mallory", null, Now, 5);
        Assert.Contains("refused", Check(stranger), StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_or_not_yet_valid_certificate_is_refused()
    {
        using var expired = CertificateFactory.CreateClient(Ca, "old", null, Now.AddDays(-3), Now.AddDays(-1));
        Assert.Contains(nameof(X509ChainStatusFlags.NotTimeValid), Check(expired), StringComparison.Ordinal);
        using var future = CertificateFactory.CreateClient(Ca, "early", null, Now.AddDays(1), Now.AddDays(3));
        Assert.Contains(nameof(X509ChainStatusFlags.NotTimeValid), Check(future), StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_certificate_cannot_act_as_a_client()
    {
        using var server = CertificateFactory.CreateServer(Ca, ["localhost"], Now, 5);
        Assert.Contains(nameof(X509ChainStatusFlags.NotValidForUsage), Check(server), StringComparison.Ordinal);
    }
}
