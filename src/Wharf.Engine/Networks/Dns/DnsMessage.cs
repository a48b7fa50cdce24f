using System.Buffers.Binary;

namespace Wharf.Engine.Networks.Dns;

/// <summary>A DNS message (RFC 1035 4.1): the header's id and flags, then the four sections.</summary>
internal sealed record DnsMessage
{
    public const int HeaderLength = 12;
    /// <summary>The largest UDP message a client without EDNS accepts (RFC 1035 4.2.1).</summary>
    public const int MaxUdpLength = 512;

    const ushort ResponseBit = 0x8000;
    const ushort AuthoritativeBit = 0x0400;
    const ushort TruncatedBit = 0x0200;
    const ushort RecursionDesiredBit = 0x0100;
    const ushort RecursionAvailableBit = 0x0080;
    const ushort CheckingDisabledBit = 0x0010;

    public ushort Id { get; init; }
    /// <summary>The header's second word: QR, opcode, AA, TC, RD, RA, Z, AD, CD and the rcode.</summary>
    public ushort Flags { get; init; }
    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];
    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];
    public IReadOnlyList<DnsRecord> Authorities { get; init; } = [];
    public IReadOnlyList<DnsRecord> Additionals { get; init; } = [];

    public bool IsResponse => (Flags & ResponseBit) != 0;
    public int Opcode => (Flags >> 11) & 0xF;
    public bool IsAuthoritative => (Flags & AuthoritativeBit) != 0;
    public bool IsTruncated => (Flags & TruncatedBit) != 0;
    public bool RecursionDesired => (Flags & RecursionDesiredBit) != 0;
    public bool RecursionAvailable => (Flags & RecursionAvailableBit) != 0;
    public DnsRcode Rcode => (DnsRcode)(Flags & 0xF);

    /// <summary>
    /// The largest UDP answer the sender of this query takes: its EDNS OPT record's payload size (RFC 6891 6.2.3,
    /// never below 512), else 512.
    /// </summary>
    public int MaxUdpResponseLength
    {
        get
        {
            var opt = Additionals.FirstOrDefault(r => r.Type == DnsRecordType.Opt);
            return opt is null ? MaxUdpLength : Math.Max(MaxUdpLength, (int)opt.Class);
        }
    }

    /// <summary>
    /// The reply to <paramref name="query"/> as dockerd's resolver makes it (miekg/dns SetReply plus RA): same id,
    /// opcode, RD and CD, the question as sent, and <paramref name="rcode"/>.
    /// </summary>
    public static DnsMessage ReplyTo(DnsMessage query, DnsRcode rcode, IReadOnlyList<DnsRecord>? answers = null) => new()
    {
        Id = query.Id,
        Flags = (ushort)(ResponseBit | (query.Flags & (0x7800 | RecursionDesiredBit | CheckingDisabledBit)) | RecursionAvailableBit | (byte)rcode),
        Questions = query.Questions.Take(1).ToArray(),
        Answers = answers ?? [],
    };

    /// <summary>This reply with its records dropped and TC set: the client asks again over TCP.</summary>
    public DnsMessage AsTruncated() => this with { Flags = (ushort)(Flags | TruncatedBit), Answers = [], Authorities = [], Additionals = [] };

    /// <summary>Reads a whole message; names may be compressed.</summary>
    public static DnsMessage Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderLength) throw new DnsFormatException("message shorter than its header");
        var counts = new int[4];
        for (var i = 0; i < 4; i++) counts[i] = BinaryPrimitives.ReadUInt16BigEndian(data[(4 + 2 * i)..]);
        var offset = HeaderLength;
        var questions = new List<DnsQuestion>(Math.Min(counts[0], 16));
        for (var i = 0; i < counts[0]; i++)
        {
            var name = DnsName.Read(data, ref offset);
            if (offset + 4 > data.Length) throw new DnsFormatException("question runs past the end of the message");
            questions.Add(new DnsQuestion(name, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]),
                BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..])));
            offset += 4;
        }
        return new DnsMessage
        {
            Id = BinaryPrimitives.ReadUInt16BigEndian(data),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            Questions = questions,
            Answers = ReadRecords(data, ref offset, counts[1]),
            Authorities = ReadRecords(data, ref offset, counts[2]),
            Additionals = ReadRecords(data, ref offset, counts[3]),
        };
    }

    /// <summary>The wire form, names uncompressed (the embedded DNS writes only small answers).</summary>
    public byte[] ToBytes()
    {
        var buffer = new List<byte>(MaxUdpLength);
        AddUInt16(buffer, Id);
        AddUInt16(buffer, Flags);
        AddUInt16(buffer, (ushort)Questions.Count);
        AddUInt16(buffer, (ushort)Answers.Count);
        AddUInt16(buffer, (ushort)Authorities.Count);
        AddUInt16(buffer, (ushort)Additionals.Count);
        foreach (var q in Questions)
        {
            buffer.AddRange(DnsName.Encode(q.Name));
            AddUInt16(buffer, (ushort)q.Type);
            AddUInt16(buffer, q.Class);
        }
        foreach (var r in Answers.Concat(Authorities).Concat(Additionals))
        {
            buffer.AddRange(DnsName.Encode(r.Name));
            AddUInt16(buffer, (ushort)r.Type);
            AddUInt16(buffer, r.Class);
            AddUInt16(buffer, (ushort)(r.Ttl >> 16));
            AddUInt16(buffer, (ushort)r.Ttl);
            AddUInt16(buffer, (ushort)r.Data.Length);
            buffer.AddRange(r.Data);
        }
        return [.. buffer];
    }

    static List<DnsRecord> ReadRecords(ReadOnlySpan<byte> data, ref int offset, int count)
    {
        var records = new List<DnsRecord>(Math.Min(count, 64));
        for (var i = 0; i < count; i++)
        {
            var name = DnsName.Read(data, ref offset);
            if (offset + 10 > data.Length) throw new DnsFormatException("record runs past the end of the message");
            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 8)..]);
            offset += 10;
            if (offset + length > data.Length) throw new DnsFormatException("record data runs past the end of the message");
            byte[] rdata;
            if (type is DnsRecordType.Cname or DnsRecordType.Ptr or DnsRecordType.Ns)
            {
                // The target may be compressed against the whole message: keep it expanded.
                var target = offset;
                rdata = DnsName.Encode(DnsName.Read(data, ref target));
                if (target != offset + length) throw new DnsFormatException("name in record data does not fill it");
            }
            else
            {
                rdata = data.Slice(offset, length).ToArray();
            }
            offset += length;
            records.Add(new DnsRecord(name, type, @class, ttl, rdata));
        }
        return records;
    }

    static void AddUInt16(List<byte> buffer, ushort value)
    {
        buffer.Add((byte)(value >> 8));
        buffer.Add((byte)value);
    }
}
