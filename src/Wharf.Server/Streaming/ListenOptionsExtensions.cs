using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Wharf.Server.Streaming;

/// <summary>Listener setup the Engine API needs from Kestrel.</summary>
public static class ListenOptionsExtensions
{
    /// <summary>
    /// Lets attach and exec-start streams survive the client's half-close (see <see cref="HalfCloseTolerantConnection"/>).
    /// Every Engine API listener should call this.
    /// </summary>
    public static ListenOptions UseHalfCloseTolerance(this ListenOptions listen)
    {
        listen.Use(next => async connection =>
        {
            await using var tolerant = new HalfCloseTolerantConnection(connection);
            await next(tolerant);
        });
        return listen;
    }
}
