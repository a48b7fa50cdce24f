using System.Text;
using Microsoft.Win32.SafeHandles;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Runtime;

/// <summary>Sends terminal resizes to a conmon through its <c>ctl</c> FIFO, one message per read on conmon's side.</summary>
internal static class ConmonControl
{
    // conmon parses every message that one read returns as if it were the first, so a second message must not be
    // written before conmon has read the one before it: the docker CLI's attach sends two resizes back to back, and
    // the container would keep the first, wrong, size. Writers take a flock on the FIFO and hold it until conmon has
    // read their message. A conmon that stops reading (it is exiting) is waited for only this long.
    static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(2);
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(2);

    public static async ValueTask ResizeAsync(string directory, string id, string notFound, TerminalSize size, CancellationToken ct)
    {
        var ctl = Path.Combine(directory, "ctl");
        var fifo = Open(ctl, id, notFound);
        await using var stream = new FileStream(fifo, FileAccess.Write, bufferSize: 0);
        while (!NativeMethods.TryLockExclusive(fifo, ctl)) await Task.Delay(Poll, ct);

        // Type 1 is a terminal resize, with rows then columns.
        var message = Encoding.ASCII.GetBytes($"1 {size.Height} {size.Width}\n");
        try
        {
            // A message this short never blocks on the non-blocking descriptor.
            stream.Write(message);
        }
        catch (IOException e)
        {
            // EPIPE: the monitor exited between the open and the write (a short exec that already ended).
            throw new EngineException(ErrorKind.Conflict, $"cannot resize the terminal of {id}: its monitor has exited ({e.Message})", e);
        }

        var deadline = DateTime.UtcNow + ReadWait;
        while (NativeMethods.UnreadBytes(fifo, ctl) > 0 && DateTime.UtcNow < deadline) await Task.Delay(Poll, ct);
    }

    static SafeFileHandle Open(string ctl, string id, string notFound)
    {
        try
        {
            return NativeMethods.OpenFifoForWriting(ctl);
        }
        catch (NativeException e) when (e.Errno == NativeMethods.ENOENT)
        {
            throw EngineException.NotFound(notFound);
        }
        catch (NativeException e)
        {
            throw new EngineException(ErrorKind.Conflict, $"cannot resize the terminal of {id}: its monitor is not running ({e.Message})", e);
        }
    }
}
