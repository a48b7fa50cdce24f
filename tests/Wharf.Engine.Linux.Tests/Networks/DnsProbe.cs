using Wharf.Testing.Daemon;

namespace Wharf.Engine.Linux.Tests.Networks;

/// <summary>
/// Queries a DNS server from inside a network namespace with python3 (nsenter), over UDP or TCP, printing
/// "rcode=N tc=N answers=a,b" with the A/AAAA addresses and PTR targets found; or many queries at once.
/// </summary>
internal static class DnsProbe
{
    const string Script = """
import socket, struct, sys, random
def qname(n): return b"".join(bytes([len(l)]) + l.encode() for l in n.split(".") if l) + b"\0"
def name(m, o):
    out = []
    while True:
        l = m[o]
        if l >= 0xC0: return name(m, ((l & 0x3F) << 8) | m[o+1])[0], o + 2
        if l == 0: return ".".join(out), o + 1
        out.append(m[o+1:o+1+l].decode()); o += 1 + l
def parse(m, qid):
    i, fl, qd, an = struct.unpack(">HHHH", m[:8]); assert i == qid, "id"
    o = 12
    for _ in range(qd): o = name(m, o)[1] + 4
    res = []
    for _ in range(an):
        _, o = name(m, o); t, c, ttl, ln = struct.unpack(">HHIH", m[o:o+10]); o += 10
        if t == 1: res.append(socket.inet_ntop(socket.AF_INET, m[o:o+4]))
        elif t == 28: res.append(socket.inet_ntop(socket.AF_INET6, m[o:o+16]))
        elif t == 12: res.append(name(m, o)[0])
        o += ln
    return "rcode=%d tc=%d answers=%s" % (fl & 0xF, (fl >> 9) & 1, ",".join(res))
def ask(server, proto, n, t, qid):
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + qname(n) + struct.pack(">HH", t, 1)
    if proto == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5); s.sendto(q, (server, 53)); m = s.recv(65535)
    else:
        s = socket.create_connection((server, 53), timeout=5); s.sendall(struct.pack(">H", len(q)) + q)
        ln = struct.unpack(">H", s.recv(2, socket.MSG_WAITALL))[0]; m = s.recv(ln, socket.MSG_WAITALL)
    s.close()
    return parse(m, qid)
server, proto, n, t, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
if count == 1:
    print(ask(server, proto, n, t, random.randrange(65536)))
else:
    # Many queries in flight at once on one UDP socket, each answer matched by its id.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(10)
    names = {}
    for i in range(count):
        nm = n if i % 2 == 0 else "other%d.example" % i
        names[i] = nm
        s.sendto(struct.pack(">HHHHHH", i, 0x0100, 1, 0, 0, 0) + qname(nm) + struct.pack(">HH", 1, 1), (server, 53))
    seen = set()
    while len(seen) < count:
        m = s.recv(65535); i = struct.unpack(">H", m[:2])[0]
        r = parse(m, i)
        if r.startswith("rcode=0 ") and not r.endswith("answers="): seen.add(i)
    print("answered=%d" % len(seen))
""";

    public static async Task<string> AskAsync(string namespacePath, string proto, string name, int type = 1, string server = "127.0.0.11")
    {
        var result = await RunAsync(namespacePath, [server, proto, name, type.ToString(System.Globalization.CultureInfo.InvariantCulture), "1"]);
        return result.Trim();
    }

    public static async Task<string> FloodAsync(string namespacePath, string name, int count) =>
        (await RunAsync(namespacePath, ["127.0.0.11", "udp", name, "1", count.ToString(System.Globalization.CultureInfo.InvariantCulture)])).Trim();

    static async Task<string> RunAsync(string namespacePath, string[] args)
    {
        var result = await ProcessRunner.RunAsync("nsenter", ["--net=" + namespacePath, "python3", "-c", Script, .. args], timeout: TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0) throw new InvalidOperationException("dns probe failed: " + result);
        return result.Stdout;
    }
}
