using System.Runtime.InteropServices;

namespace Wharf.Cli.Terminal;

/// <summary>
/// Watches POSIX signals for as long as it lives: window changes (SIGWINCH) for resizes, and the signals an attached
/// non-TTY run forwards to its container (docker's sig-proxy). A proxied signal is taken over: the CLI does not die of it.
/// </summary>
internal sealed class SignalWatch : IDisposable
{
    /// <summary>The signals the docker CLI proxies that matter here, with the names the kill endpoint takes (Linux numbers for USR1/USR2).</summary>
    public static readonly IReadOnlyList<(PosixSignal Signal, string Name)> Proxied =
    [
        (PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGTERM, "SIGTERM"), (PosixSignal.SIGHUP, "SIGHUP"),
        (PosixSignal.SIGQUIT, "SIGQUIT"), ((PosixSignal)10, "SIGUSR1"), ((PosixSignal)12, "SIGUSR2"),
    ];

    readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>Calls <paramref name="onResize"/> on every SIGWINCH.</summary>
    public static SignalWatch ForResize(Action onResize)
    {
        var watch = new SignalWatch();
        // Windows has no SIGWINCH (nor termios): no resize events there.
        if (!OperatingSystem.IsWindows()) watch._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => onResize()));
        return watch;
    }

    /// <summary>Calls <paramref name="onSignal"/> with the signal's name for each proxied signal, instead of its default action.</summary>
    public static SignalWatch ForProxy(Action<string> onSignal)
    {
        var watch = new SignalWatch();
        foreach (var (signal, name) in Proxied)
        {
            watch._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                onSignal(name);
            }));
        }
        return watch;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _registrations.Clear();
    }
}
