using System.Net;
using Wharf.Engine.Networks.Dns;

namespace Wharf.Engine.Tests.Networks.Dns;

public sealed class DnsMessageTests
{
    // What busybox 1.35's `nslookup Web.Example 127.0.0.1` sends: an A and an AAAA query, RD set, no EDNS.
    internal static readonly byte[] NslookupA = Convert.FromHexString("38220100000100000000000003576562074578616d706c650000010001");
    internal static readonly byte[] NslookupAaaa = Convert.FromHexString("292b0100000100000000000003576562074578616d706c6500001c0001");

    [Fact]
    public void Reads_the_query_nslookup_sends()
    {
        var query = DnsMessage.Parse(NslookupA);
        Assert.Equal(0x3822, query.Id);
        Assert.False(query.IsResponse);
        Assert.True(query.RecursionDesired);
        Assert.Equal(0, query.Opcode);
        Assert.Equal([new DnsQuestion("Web.Example", DnsRecordType.A)], query.Questions);
        Assert.Empty(query.Answers);
        Assert.Equal(DnsMessage.MaxUdpLength, query.MaxUdpResponseLength);
        Assert.Equal(DnsRecordType.Aaaa, DnsMessage.Parse(NslookupAaaa).Questions[0].Type);
    }

    [Fact]
    public void Writes_a_query_back_to_the_same_bytes()
    {
        Assert.Equal(NslookupA, DnsMessage.Parse(NslookupA).ToBytes());
        Assert.Equal(NslookupAaaa, DnsMessage.Parse(NslookupAaaa).ToBytes());
    }

    [Fact]
    public void A_reply_keeps_id_question_and_flags_and_round_trips_its_records()
    {
        var query = DnsMessage.Parse(NslookupA);
        var reply = DnsMessage.ReplyTo(query, DnsRcode.NoError, [
            DnsRecord.Address("Web.Example", IPAddress.Parse("172.18.0.2"), 600),
            DnsRecord.Address("Web.Example", IPAddress.Parse("fd00::2"), 600),
            DnsRecord.Cname("alias.example", "Web.Example", 30),
            DnsRecord.Ptr("2.0.18.172.in-addr.arpa", "web", 600),
        ]);
        var read = DnsMessage.Parse(reply.ToBytes());
        Assert.Equal(0x3822, read.Id);
        Assert.True(read.IsResponse);
        Assert.True(read.RecursionDesired);
        Assert.True(read.RecursionAvailable);
        Assert.False(read.IsTruncated);
        Assert.Equal(DnsRcode.NoError, read.Rcode);
        Assert.Equal(query.Questions, read.Questions);
        Assert.Equal(reply.Answers, read.Answers);
        Assert.Equal(IPAddress.Parse("172.18.0.2"), read.Answers[0].AddressValue);
        Assert.Equal(DnsRecordType.Aaaa, read.Answers[1].Type);
        Assert.Equal(IPAddress.Parse("fd00::2"), read.Answers[1].AddressValue);
        Assert.Equal("Web.Example", read.Answers[2].TargetValue);
        Assert.Equal("web", read.Answers[3].TargetValue);
        Assert.Equal(600u, read.Answers[0].Ttl);
    }

    [Fact]
    public void Reads_compressed_names_in_owners_and_record_data()
    {
        // A response for web.example: the answer's owner points at the question (offset 12); the CNAME's target is
        // "www" + a pointer to "example" (offset 16), the A record's owner a pointer to that target.
        byte[] data =
        [
            0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
            3, (byte)'w', (byte)'e', (byte)'b', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0, 0, 1, 0, 1,
            0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, (byte)'w', (byte)'w', (byte)'w', 0xC0, 16,
            0xC0, 41, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7,
        ];
        var message = DnsMessage.Parse(data);
        Assert.Equal("web.example", message.Answers[0].Name);
        Assert.Equal("www.example", message.Answers[0].TargetValue);
        Assert.Equal("www.example", message.Answers[1].Name);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), message.Answers[1].AddressValue);
    }

    [Fact]
    public void Reads_the_edns_payload_size()
    {
        // dig's query for example.org with an OPT record offering 1232 bytes.
        var query = Convert.FromHexString("abcd01200001000000000001" + "076578616d706c65036f7267000001" + "0001" + "00002904d0000000000000");
        var message = DnsMessage.Parse(query);
        Assert.Equal("example.org", message.Questions[0].Name);
        Assert.Equal(DnsRecordType.Opt, message.Additionals[0].Type);
        Assert.Equal(1232, message.MaxUdpResponseLength);
        Assert.Equal(query, message.ToBytes());
    }

    [Theory]
    [InlineData("00")]                                            // shorter than a header
    [InlineData("123401000001000000000000")]                      // a question announced, none there
    [InlineData("12340100000100000000000003776562")]              // a label running past the end
    [InlineData("123401000001000000000000c00c00010001")]          // a pointer to itself
    [InlineData("12340100000100000000000003776562c00c00010001")]  // a pointer forwards
    [InlineData("12340100000100000000000080")]                    // a reserved label type
    public void Rejects_malformed_messages(string hex) =>
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(Convert.FromHexString(hex)));

    [Fact]
    public void A_truncated_reply_keeps_only_header_and_question()
    {
        var query = DnsMessage.Parse(NslookupA);
        var reply = DnsMessage.ReplyTo(query, DnsRcode.NoError, [DnsRecord.Address("Web.Example", IPAddress.Loopback, 1)]).AsTruncated();
        var read = DnsMessage.Parse(reply.ToBytes());
        Assert.True(read.IsTruncated);
        Assert.Empty(read.Answers);
        Assert.Equal(query.Questions, read.Questions);
    }
}
