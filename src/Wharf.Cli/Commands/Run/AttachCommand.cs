using System.CommandLine;

namespace Wharf.Cli.Commands.Run;

/// <summary>
/// <c>wharf attach [--no-stdin] [--sig-proxy] [--detach-keys] CONTAINER</c>: attaches to a running container as
/// <c>docker attach</c> does (wait registered first; a TTY nudged to redraw) and exits with its code; the detach keys
/// end the session with "read escape sequence" and status 1, as docker's CLI reports them.
/// </summary>
internal static class AttachCommand
{
    public static Command Create(CliContext cli)
    {
        var noStdin = new Option<bool>("--no-stdin") { Description = "Do not attach STDIN" };
        var sigProxy = new Option<bool>("--sig-proxy") { Description = "Proxy all received signals to the process", DefaultValueFactory = _ => true };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "Override the key sequence for detaching a container" };
        var container = new Argument<string>("CONTAINER");
        var cmd = new Command("attach", "Attach local standard input, output, and error streams to a running container") { noStdin, sigProxy, detachKeys, container };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(container)!, p.GetValue(noStdin), p.GetValue(sigProxy), p.GetValue(detachKeys), ct));
        return cmd;
    }

    static async Task<int> RunAsync(CliContext cli, string name, bool noStdin, bool sigProxy, string? detachKeys, CancellationToken ct)
    {
        var client = cli.Client;
        var container = await client.Containers.InspectAsync(name, ct: ct);
        CheckState(container.State);
        var tty = container.Config.Tty;
        var stdin = !noStdin && container.Config.OpenStdin;
        if (tty && stdin && !cli.InIsTerminal) throw new CliException("the input device is not a TTY");
        var proxy = sigProxy && !tty;
        var wait = await client.Containers.BeginWaitAsync(name, ct: proxy ? CancellationToken.None : ct);
        using var stream = await client.Containers.AttachAsync(name, stdin, stdout: true, stderr: true, detachKeys, ct: ct);
        // Checked again now that the stream is open: a container that stopped in between would leave the attach hanging.
        CheckState((await client.Containers.InspectAsync(name, ct: ct)).State);
        var session = new ContainerSession
        {
            Tty = tty,
            Stdin = stdin,
            SigProxy = sigProxy,
            DetachKeys = detachKeys,
            NudgeSize = true,
            Resize = (size, token) => client.Containers.ResizeAsync(name, size.Height, size.Width, token),
            Signal = signal => client.Containers.SignalAsync(name, signal, CancellationToken.None),
        };
        if (await session.RunAsync(cli, stream, ct) == SessionEnd.Detached) throw new CliException("read escape sequence");
        var status = await wait;
        if (status.Error is { Message: { Length: > 0 } message }) throw new CliException(message);
        return (int)status.StatusCode;
    }

    static void CheckState(Wharf.Api.Containers.ContainerState state)
    {
        if (!state.Running) throw new CliException("You cannot attach to a stopped container, start it first");
        if (state.Paused) throw new CliException("You cannot attach to a paused container, unpause it first");
        if (state.Restarting) throw new CliException("You cannot attach to a restarting container, wait until it is running");
    }
}
