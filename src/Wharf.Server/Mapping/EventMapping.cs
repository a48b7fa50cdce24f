using System.Globalization;
using Microsoft.AspNetCore.Http;
using Wharf.Api.Events;
using Wharf.Engine;
using Wharf.Engine.Events;

namespace Wharf.Server.Mapping;

/// <summary><c>GET /events</c>: query -> <see cref="EventQuery"/>, <see cref="EngineEvent"/> -> <see cref="EventMessage"/>.</summary>
internal static class EventMapping
{
    public static EventQuery ToQuery(HttpRequest request) => new(
        ParseTime(request.Query["since"].ToString(), "since"),
        ParseTime(request.Query["until"].ToString(), "until"),
        FilterMapping.FromQuery(request));

    /// <summary>
    /// A <c>since</c>/<c>until</c> value: unix seconds with an optional fraction of up to nine digits
    /// (<c>1796007034.123456789</c>, what the CLI sends), or an RFC 3339 timestamp. Empty means none.
    /// </summary>
    public static DateTimeOffset? ParseTime(string? value, string name)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var secondsText = dot < 0 ? value : value[..dot];
        var fractionText = dot < 0 ? "" : value[(dot + 1)..];
        if (long.TryParse(secondsText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            && fractionText.Length <= 9 && fractionText.AsSpan().IndexOfAnyExcept("0123456789") < 0)
        {
            var nanos = fractionText.Length == 0 ? 0 : long.Parse(fractionText.PadRight(9, '0'), CultureInfo.InvariantCulture);
            try
            {
                return DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw EngineException.Invalid($"invalid value for {name}: {value}");
            }
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            && value.Contains('T', StringComparison.Ordinal))
            return parsed;
        throw EngineException.Invalid($"invalid value for {name}: {value}");
    }

    /// <summary>
    /// As dockerd 20.10 emits it: container and image events also carry the pre-1.22 <c>status</c> and <c>id</c>
    /// (and <c>from</c> = the image, for containers); other types have only the modern fields.
    /// </summary>
    public static EventMessage ToMessage(EngineEvent e)
    {
        var legacy = e.Type is EventType.Container or EventType.Image;
        return new EventMessage
        {
            Status = legacy ? e.Action : null,
            Id = legacy ? e.ActorId : null,
            From = e.Type == EventType.Container && e.Attributes.TryGetValue("image", out var image) ? image : null,
            Type = EventTypeNames.Name(e.Type),
            Action = e.Action,
            Actor = new EventActor
            {
                ID = e.ActorId,
                Attributes = e.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value),
            },
            Scope = e.Scope,
            Time = Math.DivRem(e.TimeNano, 1_000_000_000L).Quotient,
            TimeNano = e.TimeNano,
        };
    }
}
