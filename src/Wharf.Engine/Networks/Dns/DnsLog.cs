using System.Net;
using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Networks.Dns;

/// <summary>Logs of the embedded DNS's responder (ids 2100–2129).</summary>
internal static partial class DnsLog
{
    [LoggerMessage(2100, LogLevel.Debug, "DNS upstream {Server} failed for {Name} ({Type}): {Reason}")]
    public static partial void UpstreamFailed(ILogger logger, IPEndPoint server, string name, string type, string reason);

    [LoggerMessage(2101, LogLevel.Debug, "No DNS upstream answered {Name} ({Type}); answering SERVFAIL")]
    public static partial void NoUpstreamAnswered(ILogger logger, string name, string type);

    [LoggerMessage(2102, LogLevel.Debug, "Dropped a malformed DNS query: {Reason}")]
    public static partial void MalformedQuery(ILogger logger, string reason);
    // next free id: 2103
}
