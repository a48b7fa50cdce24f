using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Networks.Dns;
using Wharf.Testing.Dns;

namespace Wharf.Engine.Tests.Networks.Dns;

public sealed class DnsResponderTests : IAsyncDisposable
{
    static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);
    static readonly CancellationToken Ct = CancellationToken.None;
    readonly FakeContainerNames names = new FakeContainerNames()
        .Add(null, "web", IPAddress.Parse("172.18.0.2"))
        .Add(null, "both", IPAddress.Parse("172.18.0.3"), IPAddress.Parse("fd00::3"))
        .Add("c2", "db", IPAddress.Parse("172.19.0.5"));
    readonly List<FakeDnsUpstream> upstreams = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var u in upstreams) await u.DisposeAsync();
    }

    FakeDnsUpstream Upstream(FakeUpstreamMode mode)
    {
        var u = new FakeDnsUpstream(mode);
        upstreams.Add(u);
        return u;
    }

    DnsResponder Responder(params FakeDnsUpstream[] servers) => new(names,
        new DnsUpstreams(new DnsUpstreamOptions { Servers = [.. servers.Select(s => s.Endpoint)], Timeout = ShortTimeout, ResolvConfPath = "/nonexistent" }),
        NullLogger<DnsResponder>.Instance);

    static byte[] Query(string name, DnsRecordType type, ushort id = 0x4242, int? ednsSize = null) => new DnsMessage
    {
        Id = id,
        Flags = 0x0100,
        Questions = [new DnsQuestion(name, type)],
        Additionals = ednsSize is { } size ? [new DnsRecord("", DnsRecordType.Opt, (ushort)size, 0, [])] : [],
    }.ToBytes();

    async Task<DnsMessage> AskAsync(DnsResponder responder, byte[] query, DnsTransport transport = DnsTransport.Udp, string asker = "c1") =>
        DnsMessage.Parse(await responder.AnswerAsync(asker, query, transport, Ct) ?? throw new InvalidOperationException("no answer"));

    [Theory]
    [InlineData("web")]
    [InlineData("WEB.")]
    [InlineData("Web")]
    public async Task Answers_a_container_name_as_dockerd_does(string asked)
    {
        var upstream = Upstream(FakeUpstreamMode.Answer);
        var query = Query(asked, DnsRecordType.A, id: 0x3822);
        var answer = await AskAsync(Responder(upstream), query);
        Assert.Equal(0x3822, answer.Id);
        Assert.True(answer.IsResponse);
        Assert.True(answer.RecursionDesired);
        Assert.True(answer.RecursionAvailable);
        Assert.Equal(DnsRcode.NoError, answer.Rcode);
        // The question comes back as it was asked, case and all (clients compare it, some randomise the case).
        Assert.Equal([new DnsQuestion(DnsName.Trim(asked), DnsRecordType.A)], answer.Questions);
        var record = Assert.Single(answer.Answers);
        Assert.Equal(DnsName.Trim(asked), record.Name);
        Assert.Equal(DnsResponder.Ttl, record.Ttl);
        Assert.Equal(600u, record.Ttl);
        Assert.Equal(IPAddress.Parse("172.18.0.2"), record.AddressValue);
        Assert.Empty(upstream.Received);
        Assert.Contains("c1 web", names.Lookups.Select(l => l.ToLowerInvariant()));
    }

    [Fact]
    public async Task Answers_with_every_address_of_the_asked_family()
    {
        var responder = Responder();
        var a = await AskAsync(responder, Query("both", DnsRecordType.A));
        Assert.Equal(IPAddress.Parse("172.18.0.3"), Assert.Single(a.Answers).AddressValue);
        var aaaa = await AskAsync(responder, Query("both", DnsRecordType.Aaaa));
        Assert.Equal(IPAddress.Parse("fd00::3"), Assert.Single(aaaa.Answers).AddressValue);
    }

    [Fact]
    public async Task Aaaa_for_a_name_with_only_ipv4_is_an_empty_noerror_not_forwarded()
    {
        var upstream = Upstream(FakeUpstreamMode.Answer);
        var answer = await AskAsync(Responder(upstream), Rename(DnsMessageTests.NslookupAaaa));
        Assert.Equal(DnsRcode.NoError, answer.Rcode);
        Assert.Empty(answer.Answers);
        Assert.Equal(0x292b, answer.Id);
        Assert.Empty(upstream.Received);
    }

    // nslookup's AAAA query, asking for "web" instead of "Web.Example".
    static byte[] Rename(byte[] query)
    {
        var message = DnsMessage.Parse(query);
        return (message with { Questions = [message.Questions[0] with { Name = "web" }] }).ToBytes();
    }

    [Fact]
    public async Task Each_container_sees_the_names_of_its_own_networks()
    {
        var upstream = Upstream(FakeUpstreamMode.Answer);
        var responder = Responder(upstream);
        var own = await AskAsync(responder, Query("db", DnsRecordType.A), asker: "c2");
        Assert.Equal(IPAddress.Parse("172.19.0.5"), Assert.Single(own.Answers).AddressValue);
        // For c1 "db" is nobody: the upstream is asked, and its answer (the fake's fixed address) comes back.
        var other = await AskAsync(responder, Query("db", DnsRecordType.A), asker: "c1");
        Assert.Equal(upstream.Address, Assert.Single(other.Answers).AddressValue);
        Assert.Single(upstream.Received);
    }

    [Fact]
    public async Task Answers_ptr_for_a_container_address_and_forwards_others()
    {
        var upstream = Upstream(FakeUpstreamMode.Answer);
        var responder = Responder(upstream);
        var answer = await AskAsync(responder, Query("2.0.18.172.in-addr.arpa", DnsRecordType.Ptr));
        var record = Assert.Single(answer.Answers);
        Assert.Equal(DnsRecordType.Ptr, record.Type);
        Assert.Equal("2.0.18.172.in-addr.arpa", record.Name);
        Assert.Equal("web", record.TargetValue);
        Assert.Equal(600u, record.Ttl);
        Assert.Empty(upstream.Received);

        var outside = await AskAsync(responder, Query("9.2.0.192.in-addr.arpa", DnsRecordType.Ptr));
        Assert.Equal(DnsRcode.NameError, outside.Rcode); // the fake upstream's answer
        Assert.Single(upstream.Received);
    }

    [Fact]
    public async Task Forwards_other_names_unchanged_and_returns_the_upstream_answer()
    {
        var upstream = Upstream(FakeUpstreamMode.Answer);
        var query = Query("Outside.Example", DnsRecordType.A, id: 0x1234);
        var raw = await Responder(upstream).AnswerAsync("c1", query, DnsTransport.Udp, Ct);
        var (transport, sent) = Assert.Single(upstream.Received);
        Assert.Equal("udp", transport);
        Assert.Equal(query, sent); // id and question as the client sent them
        var answer = DnsMessage.Parse(raw!);
        Assert.Equal(0x1234, answer.Id);
        Assert.Equal("Outside.Example", answer.Questions[0].Name);
        Assert.Equal(upstream.Address, Assert.Single(answer.Answers).AddressValue);
    }

    [Fact]
    public async Task A_container_on_internal_networks_only_gets_servfail_for_outside_names_and_its_own_names_still()
    {
        var upstream = Upstream(FakeUpstreamMode.Answer);
        names.InternalOnly["c1"] = true;
        var outside = await AskAsync(Responder(upstream), Query("outside.example", DnsRecordType.A));
        Assert.Equal(DnsRcode.ServerFailure, outside.Rcode);
        Assert.Empty(upstream.Received);
        var own = await AskAsync(Responder(upstream), Query("web", DnsRecordType.A));
        Assert.Equal(IPAddress.Parse("172.18.0.2"), Assert.Single(own.Answers).AddressValue);
    }

    [Fact]
    public async Task A_container_with_its_own_dns_servers_has_outside_names_forwarded_to_them_only()
    {
        var daemons = Upstream(FakeUpstreamMode.Answer);
        var own = Upstream(FakeUpstreamMode.Answer);
        var raw = await Responder(daemons).AnswerAsync("c1", [own.Endpoint], Query("outside.example", DnsRecordType.A), DnsTransport.Udp, Ct);
        Assert.Equal(DnsRcode.NoError, DnsMessage.Parse(raw!).Rcode);
        Assert.Single(own.Received);
        Assert.Empty(daemons.Received);
    }

    [Fact]
    public async Task Types_other_than_a_aaaa_and_ptr_are_forwarded_even_for_container_names()
    {
        var upstream = Upstream(FakeUpstreamMode.Answer);
        var answer = await AskAsync(Responder(upstream), Query("web", DnsRecordType.Mx));
        Assert.Equal(DnsRcode.NameError, answer.Rcode);
        Assert.Single(upstream.Received);
    }

    [Fact]
    public async Task A_silent_upstream_times_out_and_the_next_one_answers()
    {
        var dead = Upstream(FakeUpstreamMode.Silent);
        var failing = Upstream(FakeUpstreamMode.ServerFailure);
        var good = Upstream(FakeUpstreamMode.Answer);
        var started = DateTime.UtcNow;
        var answer = await AskAsync(Responder(dead, failing, good), Query("outside.example", DnsRecordType.A));
        Assert.Equal(good.Address, Assert.Single(answer.Answers).AddressValue);
        Assert.Single(dead.Received);
        Assert.Single(failing.Received);
        Assert.Single(good.Received);
        Assert.True(DateTime.UtcNow - started >= ShortTimeout - TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_closed_upstream_port_is_skipped()
    {
        var closed = Upstream(FakeUpstreamMode.Answer);
        var good = Upstream(FakeUpstreamMode.Answer);
        await closed.DisposeAsync();
        var answer = await AskAsync(Responder(closed, good), Query("outside.example", DnsRecordType.A));
        Assert.Equal(good.Address, Assert.Single(answer.Answers).AddressValue);
    }

    [Fact]
    public async Task Servfail_when_no_upstream_answers_or_there_is_none()
    {
        var dead = Upstream(FakeUpstreamMode.Silent);
        var failing = Upstream(FakeUpstreamMode.ServerFailure);
        var answer = await AskAsync(Responder(dead, failing), Query("outside.example", DnsRecordType.A, id: 7));
        Assert.Equal(DnsRcode.ServerFailure, answer.Rcode);
        Assert.Equal(7, answer.Id);
        Assert.Equal("outside.example", answer.Questions[0].Name);
        Assert.Empty(answer.Answers);

        var none = await AskAsync(Responder(), Query("outside.example", DnsRecordType.A));
        Assert.Equal(DnsRcode.ServerFailure, none.Rcode);
    }

    [Fact]
    public async Task A_tcp_query_is_forwarded_over_tcp()
    {
        var upstream = Upstream(FakeUpstreamMode.Answer);
        var answer = await AskAsync(Responder(upstream), Query("outside.example", DnsRecordType.A), DnsTransport.Tcp);
        Assert.Equal(upstream.Address, Assert.Single(answer.Answers).AddressValue);
        Assert.Equal(["tcp"], upstream.Received.Select(r => r.Transport));
    }

    [Fact]
    public async Task A_truncated_udp_answer_is_asked_again_over_tcp()
    {
        var upstream = Upstream(FakeUpstreamMode.TruncateUdp);
        var responder = Responder(upstream);

        // The whole answer (40 records) fits the 4096 bytes the client offers with EDNS: it gets it.
        var big = await AskAsync(responder, Query("outside.example", DnsRecordType.A, ednsSize: 4096));
        Assert.False(big.IsTruncated);
        Assert.Equal(40, big.Answers.Count);
        Assert.Equal(["udp", "tcp"], upstream.Received.Select(r => r.Transport));

        // A plain client takes 512 bytes: it gets the truncated answer and asks again over TCP itself.
        var small = await AskAsync(responder, Query("outside.example", DnsRecordType.A));
        Assert.True(small.IsTruncated);
        Assert.Empty(small.Answers);
        var again = await AskAsync(responder, Query("outside.example", DnsRecordType.A), DnsTransport.Tcp);
        Assert.Equal(40, again.Answers.Count);
    }

    [Fact]
    public async Task A_local_answer_too_long_for_udp_is_truncated()
    {
        var many = Enumerable.Range(1, 60).Select(i => IPAddress.Parse($"172.18.1.{i}")).ToArray();
        names.Add(null, "scaled", many);
        var responder = Responder();
        var udp = await AskAsync(responder, Query("scaled", DnsRecordType.A));
        Assert.True(udp.IsTruncated);
        Assert.Empty(udp.Answers);
        var tcp = await AskAsync(responder, Query("scaled", DnsRecordType.A), DnsTransport.Tcp);
        Assert.Equal(many.Order(Comparer<IPAddress>.Create((x, y) => x.ToString().CompareTo(y.ToString()))),
                     tcp.Answers.Select(r => r.AddressValue!).Order(Comparer<IPAddress>.Create((x, y) => x.ToString().CompareTo(y.ToString()))));
    }

    [Fact]
    public async Task Malformed_queries_get_formerr_and_responses_get_nothing()
    {
        var upstream = Upstream(FakeUpstreamMode.Answer);
        var responder = Responder(upstream);
        var broken = Convert.FromHexString("beef01000001000000000000037765"); // the name runs past the end
        var formerr = DnsMessage.Parse((await responder.AnswerAsync("c1", broken, DnsTransport.Udp, Ct))!);
        Assert.Equal(0xbeef, formerr.Id);
        Assert.True(formerr.IsResponse);
        Assert.Equal(DnsRcode.FormatError, formerr.Rcode);

        Assert.Null(await responder.AnswerAsync("c1", new byte[] { 1, 2, 3 }, DnsTransport.Udp, Ct));
        var response = DnsMessage.ReplyTo(DnsMessage.Parse(DnsMessageTests.NslookupA), DnsRcode.NoError).ToBytes();
        Assert.Null(await responder.AnswerAsync("c1", response, DnsTransport.Udp, Ct));
        var questionless = new DnsMessage { Id = 9, Flags = 0x0100 }.ToBytes();
        Assert.Null(await responder.AnswerAsync("c1", questionless, DnsTransport.Udp, Ct));
        Assert.Empty(upstream.Received);
    }
}
