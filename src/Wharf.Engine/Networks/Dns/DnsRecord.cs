using System.Net;
using System.Net.Sockets;

namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// One resource record. <see cref="Data"/> is the record's data; names inside CNAME, PTR and NS data are kept
/// expanded (uncompressed wire form) so they can be written into any message.
/// </summary>
internal sealed record DnsRecord(string Name, DnsRecordType Type, ushort Class, uint Ttl, byte[] Data)
{
    public const ushort ClassInternet = 1;

    /// <summary>An A or AAAA record, chosen by the address family.</summary>
    public static DnsRecord Address(string name, IPAddress address, uint ttl) =>
        new(name, address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsRecordType.Aaaa : DnsRecordType.A,
            ClassInternet, ttl, address.GetAddressBytes());

    public static DnsRecord Ptr(string name, string target, uint ttl, ushort @class = ClassInternet) =>
        new(name, DnsRecordType.Ptr, @class, ttl, DnsName.Encode(target));

    public static DnsRecord Cname(string name, string target, uint ttl) =>
        new(name, DnsRecordType.Cname, ClassInternet, ttl, DnsName.Encode(target));

    /// <summary>The address of an A or AAAA record, null for other types or a malformed length.</summary>
    public IPAddress? AddressValue => (Type, Data.Length) switch
    {
        (DnsRecordType.A, 4) or (DnsRecordType.Aaaa, 16) => new IPAddress(Data),
        _ => null,
    };

    /// <summary>The target of a CNAME, PTR or NS record, null for other types.</summary>
    public string? TargetValue =>
        Type is DnsRecordType.Cname or DnsRecordType.Ptr or DnsRecordType.Ns ? DnsName.Decode(Data) : null;

    // Records compare by value: Data is an array, so the generated equality would compare references.
    public bool Equals(DnsRecord? other) =>
        other is not null && Name == other.Name && Type == other.Type && Class == other.Class && Ttl == other.Ttl &&
        Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(Name, Type, Class, Ttl, Data.Length);
}
