namespace Wharf.Engine.Networks.Dns;

/// <summary>The record types the embedded DNS reads or writes; other values pass through as their numbers.</summary>
internal enum DnsRecordType : ushort
{
    A = 1,
    Ns = 2,
    Cname = 5,
    Soa = 6,
    Ptr = 12,
    Mx = 15,
    Txt = 16,
    Aaaa = 28,
    Opt = 41,
}
