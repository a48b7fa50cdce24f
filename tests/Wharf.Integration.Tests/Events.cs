using Wharf.Api.Events;
using Wharf.Client;

namespace Wharf.Integration.Tests;

/// <summary>Collects a bounded event query, failing if the daemon does not end the stream by itself.</summary>
internal static class Events
{
    public static async Task<List<EventMessage>> CollectAsync(WharfClient client, DateTimeOffset since, DateTimeOffset until,
                                                             IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null)
    {
        // until lies at most a second ahead, so the stream must end soon; the deadline only guards against a hang.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<EventMessage>();
        try
        {
            await foreach (var e in client.EventsAsync(since, until, filters, deadline.Token)) events.Add(e);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"GET /events with until did not end within 30 s; got {events.Count} events");
        }
        return events;
    }
}
