using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// Domain names in text and wire form. Text names have no trailing dot (the root is ""); a dot, a backslash or a
/// byte that is not printable inside a label is escaped as in zone files (<c>\.</c>, <c>\\</c>, <c>\DDD</c>), so
/// every wire name reads back to the same bytes.
/// </summary>
internal static class DnsName
{
    public const int MaxLength = 255;
    const int MaxLabel = 63;
    const string Ipv4ReverseSuffix = ".in-addr.arpa";
    const string Ipv6ReverseSuffix = ".ip6.arpa";

    /// <summary>The name without its trailing dot, for matching (which is case-insensitive, <see cref="Matches"/>).</summary>
    public static string Trim(string name) => name.EndsWith('.') && !name.EndsWith("\\.", StringComparison.Ordinal) ? name[..^1] : name;

    public static bool Matches(string a, string b) => string.Equals(Trim(a), Trim(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>The uncompressed wire form: length-prefixed labels and the zero byte of the root.</summary>
    public static byte[] Encode(string name)
    {
        var buffer = new List<byte>(name.Length + 2);
        var text = Trim(name);
        var label = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                AddLabel(buffer, label, name);
                continue;
            }
            if (c == '\\' && i + 1 < text.Length)
            {
                if (i + 3 < text.Length && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]) && char.IsAsciiDigit(text[i + 3]))
                {
                    var value = int.Parse(text.AsSpan(i + 1, 3), CultureInfo.InvariantCulture);
                    if (value > 255) throw new DnsFormatException($"bad escape in name {name}");
                    label.Add((byte)value);
                    i += 3;
                }
                else
                {
                    label.Add((byte)text[++i]);
                }
                continue;
            }
            if (c > 0x7E) throw new DnsFormatException($"non-ASCII name {name}");
            label.Add((byte)c);
        }
        if (text.Length > 0) AddLabel(buffer, label, name);
        buffer.Add(0);
        if (buffer.Count > MaxLength) throw new DnsFormatException($"name too long: {name}");
        return [.. buffer];
    }

    /// <summary>Reads an uncompressed wire name (as kept in <see cref="DnsRecord.Data"/>).</summary>
    public static string Decode(ReadOnlySpan<byte> wire)
    {
        var offset = 0;
        return Read(wire, ref offset);
    }

    /// <summary>
    /// Reads the name at <paramref name="offset"/>, following compression pointers (RFC 1035 4.1.4), and moves the
    /// offset past the name as it appears there. Pointers must point backwards, so a loop cannot form.
    /// </summary>
    public static string Read(ReadOnlySpan<byte> message, ref int offset)
    {
        var text = new StringBuilder();
        var position = offset;
        var end = -1;
        var wireLength = 1;
        while (true)
        {
            if (position >= message.Length) throw new DnsFormatException("name runs past the end of the message");
            var length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length) throw new DnsFormatException("truncated compression pointer");
                var target = ((length & 0x3F) << 8) | message[position + 1];
                if (target >= position) throw new DnsFormatException("compression pointer does not point backwards");
                if (end < 0) end = position + 2;
                position = target;
                continue;
            }
            if ((length & 0xC0) != 0) throw new DnsFormatException("unknown label type");
            if (length == 0)
            {
                offset = end < 0 ? position + 1 : end;
                return text.ToString();
            }
            if (position + 1 + length > message.Length) throw new DnsFormatException("label runs past the end of the message");
            wireLength += length + 1;
            if (wireLength > MaxLength) throw new DnsFormatException("name too long");
            if (text.Length > 0) text.Append('.');
            foreach (var b in message.Slice(position + 1, length)) AppendEscaped(text, b);
            position += 1 + length;
        }
    }

    /// <summary>The address a reverse name (<c>4.3.2.1.in-addr.arpa</c>, nibbles under <c>ip6.arpa</c>) stands for; null otherwise.</summary>
    public static IPAddress? ParseReverse(string name)
    {
        var n = Trim(name);
        if (n.EndsWith(Ipv4ReverseSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var parts = n[..^Ipv4ReverseSuffix.Length].Split('.');
            if (parts.Length != 4) return null;
            var bytes = new byte[4];
            for (var i = 0; i < 4; i++)
            {
                if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit) ||
                    !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[3 - i])) return null;
            }
            return new IPAddress(bytes);
        }
        if (n.EndsWith(Ipv6ReverseSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var parts = n[..^Ipv6ReverseSuffix.Length].Split('.');
            if (parts.Length != 32) return null;
            var bytes = new byte[16];
            for (var i = 0; i < 32; i++)
            {
                if (parts[i].Length != 1 || !char.IsAsciiHexDigit(parts[i][0])) return null;
                var nibble = Convert.ToByte(parts[i], 16);
                var index = 31 - i;
                bytes[index / 2] |= (byte)(index % 2 == 0 ? nibble << 4 : nibble);
            }
            return new IPAddress(bytes);
        }
        return null;
    }

    /// <summary>The reverse name of an address, as <c>nslookup 172.18.0.2</c> asks for it.</summary>
    public static string Reverse(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return string.Join('.', bytes.Reverse().Select(b => b.ToString(CultureInfo.InvariantCulture))) + Ipv4ReverseSuffix;
        var nibbles = new StringBuilder();
        for (var i = bytes.Length - 1; i >= 0; i--)
            nibbles.Append(CultureInfo.InvariantCulture, $"{bytes[i] & 0xF:x}.{bytes[i] >> 4:x}.");
        return nibbles.ToString(0, nibbles.Length - 1) + Ipv6ReverseSuffix;
    }

    static void AddLabel(List<byte> buffer, List<byte> label, string name)
    {
        if (label.Count is 0 or > MaxLabel) throw new DnsFormatException($"bad label in name {name}");
        buffer.Add((byte)label.Count);
        buffer.AddRange(label);
        label.Clear();
    }

    static void AppendEscaped(StringBuilder text, byte b)
    {
        if (b is (byte)'.' or (byte)'\\') text.Append('\\').Append((char)b);
        else if (b is < 0x21 or > 0x7E) text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
        else text.Append((char)b);
    }
}
