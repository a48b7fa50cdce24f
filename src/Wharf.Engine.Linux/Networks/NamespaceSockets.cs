using System.Net;
using System.Net.Sockets;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// Makes a UDP and a listening TCP socket bound inside another network namespace. A socket belongs to the namespace
/// it was created in, whichever thread uses it later, so a dedicated thread enters the namespace (setns only moves
/// that thread), creates and binds them, and goes back home; the daemon then serves them like any other socket.
/// </summary>
internal static class NamespaceSockets
{
    const int Backlog = 64;
    static readonly Lock WarmGate = new();
    static bool warmed;

    public static Task<(Socket Udp, Socket Tcp)> OpenAsync(string namespacePath, IPEndPoint endpoint)
    {
        var done = new TaskCompletionSource<(Socket, Socket)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Open(namespacePath, endpoint, done)) { IsBackground = true, Name = "wharf-dns-setns" };
        thread.Start();
        return done.Task;
    }

    static void Open(string namespacePath, IPEndPoint endpoint, TaskCompletionSource<(Socket, Socket)> done)
    {
        // An exception escaping a thread of its own ends the process: everything is handed to the caller.
        (Socket, Socket) sockets;
        try
        {
            sockets = OpenInNamespace(namespacePath, endpoint);
        }
        catch (Exception e)
        {
            done.SetException(e);
            return;
        }
        done.SetResult(sockets);
    }

    static (Socket Udp, Socket Tcp) OpenInNamespace(string namespacePath, IPEndPoint endpoint)
    {
        Warm(endpoint.AddressFamily);
        var home = NativeMethods.OpenNamespace("/proc/thread-self/ns/net");
        try
        {
            var target = NativeMethods.OpenNamespace(namespacePath);
            try
            {
                NativeMethods.EnterNetworkNamespace(target, namespacePath);
            }
            finally
            {
                NativeMethods.Close(target);
            }
            try
            {
                // Nothing in here may start a thread (a new thread inherits this one's namespace): no logging, no
                // tasks, no completing the caller's task; Warm has run this code at home already.
                return Bind(endpoint);
            }
            finally
            {
                ReturnHome(home);
            }
        }
        finally
        {
            NativeMethods.Close(home);
        }
    }

    static (Socket Udp, Socket Tcp) Bind(IPEndPoint endpoint)
    {
        var udp = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            udp.Bind(endpoint);
            var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.Bind(endpoint);
                tcp.Listen(Backlog);
                return (udp, tcp);
            }
            catch
            {
                tcp.Dispose();
                throw;
            }
        }
        catch
        {
            udp.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A thread left in a container's namespace would make every socket it creates there, and every thread it
    /// starts would inherit it: if the way back fails the process cannot trust its threads any more.
    /// </summary>
    static void ReturnHome(int home)
    {
        try
        {
            NativeMethods.EnterNetworkNamespace(home, "the daemon's own network namespace");
        }
        catch (IOException e)
        {
            Environment.FailFast("the embedded DNS could not return a thread to the daemon's network namespace", e);
        }
    }

    /// <summary>Runs the binding code once at home (on loopback, any port) so none of it is compiled inside a namespace.</summary>
    static void Warm(AddressFamily family)
    {
        lock (WarmGate)
        {
            if (warmed) return;
            var loopback = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            var (udp, tcp) = Bind(new IPEndPoint(loopback, 0));
            udp.Dispose();
            tcp.Dispose();
            warmed = true;
        }
    }
}
