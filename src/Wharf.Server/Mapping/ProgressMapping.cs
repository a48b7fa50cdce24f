using System.Runtime.CompilerServices;
using Wharf.Api.Common;
using Wharf.Engine.Images;

namespace Wharf.Server.Mapping;

/// <summary>Engine progress (<see cref="ImageProgress"/>) -> the wire's <see cref="JsonMessage"/>.</summary>
internal static class ProgressMapping
{
    public static JsonMessage ToMessage(ImageProgress p) => new()
    {
        Stream = p.Stream,
        Status = p.Status,
        // Counters travel as progressDetail; the CLI draws the bar itself.
        ProgressDetail = p.Current is null && p.Total is null ? null : new ProgressDetail { Current = p.Current, Total = p.Total },
        Id = p.Id,
    };

    public static async IAsyncEnumerable<JsonMessage> ToMessages(IAsyncEnumerable<ImageProgress> progress, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var p in progress.WithCancellation(ct))
            yield return ToMessage(p);
    }
}
