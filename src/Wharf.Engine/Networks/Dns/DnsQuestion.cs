namespace Wharf.Engine.Networks.Dns;

/// <summary>One question: the name as sent (its case kept, no trailing dot), the type and the class.</summary>
internal sealed record DnsQuestion(string Name, DnsRecordType Type, ushort Class = DnsRecord.ClassInternet);
