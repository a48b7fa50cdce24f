using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Runtime;

/// <summary>
/// A connection to conmon's attach socket (SOCK_SEQPACKET). Each packet conmon sends is one read of the process's
/// output, its first byte naming the pipe (2 stdout, 3 stderr); what we send is written to the process's stdin as is,
/// and shutting our side down for writing makes conmon close that stdin (unless it runs with --leave-stdin-open).
/// </summary>
internal sealed class AttachStreams : IProcessStreams
{
    // conmon reads at most this much per packet (a longer one would be truncated) and sends 1 + 8192 bytes at most.
    const int StdinChunk = 8192;
    const int PacketSize = 8192 + 1;
    const byte ConmonStderr = 3;

    readonly Socket _socket;

    AttachStreams(Socket socket) => _socket = socket;

    /// <summary>
    /// Connects to <c>&lt;directory&gt;/attach</c> through <c>/proc/self/fd/N/attach</c>, so the 108-byte limit of
    /// socket paths never matters, whatever the length of the directory.
    /// </summary>
    public static async Task<AttachStreams> ConnectAsync(string directory, string containerId, CancellationToken ct)
    {
        int fd;
        try
        {
            fd = NativeMethods.OpenPath(directory);
        }
        catch (NativeException e) when (e.Errno == NativeMethods.ENOENT)
        {
            throw EngineException.NotFound($"No such container: {containerId}");
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint($"/proc/self/fd/{fd}/attach"), ct);
            return new AttachStreams(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new EngineException(ErrorKind.Conflict, $"cannot attach to container {containerId}: its monitor is not running ({e.Message})", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        finally
        {
            NativeMethods.Close(fd);
        }
    }

    public async ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var chunk = data[..Math.Min(StdinChunk, data.Length)];
                await _socket.SendAsync(chunk, SocketFlags.None, ct);
                data = data[chunk.Length..];
            }
        }
        catch (SocketException e)
        {
            throw new EngineException(ErrorKind.Conflict, $"cannot write to the process's stdin: {e.Message}", e);
        }
    }

    public ValueTask CloseStdinAsync(CancellationToken ct)
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The monitor is gone, and the process's stdin with it.
        }
        catch (ObjectDisposedException)
        {
            // Detached already.
        }
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<OutputChunk> ReadOutputAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[PacketSize];
        while (true)
        {
            var read = await ReceiveAsync(buffer, ct);
            if (read <= 0) yield break;
            if (read == 1) continue;
            var stream = buffer[0] == ConmonStderr ? StdStream.Stderr : StdStream.Stdout;
            yield return new OutputChunk(stream, buffer.AsSpan(1, read - 1).ToArray());
        }
    }

    async ValueTask<int> ReceiveAsync(byte[] buffer, CancellationToken ct)
    {
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, ct);
        }
        catch (ObjectDisposedException)
        {
            return 0; // The caller detached.
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.ConnectionReset or SocketError.Shutdown)
        {
            return 0;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
