using System.CommandLine;
using Wharf.Api.Containers;
using Wharf.Client;

namespace Wharf.Cli.Commands.Run;

/// <summary>
/// <c>wharf run [OPTIONS] IMAGE [COMMAND] [ARG...]</c> in the docker CLI's order: create (pulling a missing image), attach
/// (unless -d), register the wait (<c>next-exit</c>, or <c>removed</c> with --rm), start, copy the streams, exit with the
/// container's code. -d prints the full id.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext cli)
    {
        var options = new ContainerOptions();
        var detach = new Option<bool>("--detach", "-d") { Description = "Run container in background and print container ID" };
        var sigProxy = new Option<bool>("--sig-proxy") { Description = "Proxy received signals to the process", DefaultValueFactory = _ => true };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "Override the key sequence for detaching a container" };
        var cmd = new Command("run", "Create and run a new container from an image") { detach, sigProxy, detachKeys };
        options.AddTo(cmd);
        cmd.SetAction((p, ct) => RunAsync(cli, options, p, p.GetValue(detach), p.GetValue(sigProxy), p.GetValue(detachKeys), ct));
        return cmd;
    }

    static async Task<int> RunAsync(CliContext cli, ContainerOptions options, ParseResult p, bool detach, bool sigProxy, string? detachKeys, CancellationToken ct)
    {
        var tty = options.Tty(p);
        var request = options.Build(p, "run", detach, cli.Env, tty ? cli.Terminal.Size() : null);
        if (tty && request.AttachStdin && !cli.InIsTerminal) throw new CliException("the input device is not a TTY");
        var client = cli.Client;

        string id;
        try
        {
            id = await ContainerCreator.CreateAsync(cli, request, options.Name(p), options.Platform(p), ct);
        }
        catch (WharfApiException e)
        {
            throw RunErrors.Refused(e.Message);
        }

        var autoRemove = request.HostConfig?.AutoRemove == true;
        if (detach)
        {
            // As the docker CLI: the wait is registered before start (and abandoned), so the daemon sees the same calls.
            var abandoned = await client.Containers.BeginWaitAsync(id, "next-exit", ct);
            await StartAsync(client, id, ct);
            _ = abandoned.ContinueWith(t => t.Exception, TaskScheduler.Default);
            cli.Out.WriteLine(id);
            return 0;
        }

        var attached = request.AttachStdin || request.AttachStdout || request.AttachStderr;
        using var stream = attached
            ? await client.Containers.AttachAsync(id, request.AttachStdin, request.AttachStdout, request.AttachStderr, detachKeys, ct: ct)
            : null;
        var session = new ContainerSession
        {
            Tty = tty,
            Stdin = request.AttachStdin,
            SigProxy = sigProxy,
            DetachKeys = detachKeys,
            Resize = (size, token) => client.Containers.ResizeAsync(id, size.Height, size.Width, token),
            Signal = signal => client.Containers.SignalAsync(id, signal, CancellationToken.None),
        };
        // Ctrl-C goes to the container through the proxy; the wait must outlive the CLI's own cancellation then.
        var waitToken = sigProxy && !tty ? CancellationToken.None : ct;
        var wait = await client.Containers.BeginWaitAsync(id, autoRemove ? "removed" : "next-exit", waitToken);
        try
        {
            await StartAsync(client, id, ct);
        }
        catch (CliException) when (autoRemove)
        {
            // As the docker CLI: a --rm container that failed to start is gone before the command returns (dockerd removes
            // it and answers the wait). Bounded here, so that a daemon which keeps it cannot hang the CLI.
            await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(3), ct));
            throw;
        }

        if (stream is not null && await session.RunAsync(cli, stream, ct) == SessionEnd.Detached)
            return 0;
        return await ExitStatusAsync(cli, wait);
    }

    /// <summary>The container's code from the wait; as the docker CLI, 125 when the wait itself failed.</summary>
    internal static async Task<int> ExitStatusAsync(CliContext cli, Task<ContainerWaitResponse> wait)
    {
        try
        {
            var status = await wait;
            if (status.Error is not { Message: { Length: > 0 } message }) return (int)status.StatusCode;
            cli.Err.WriteLine($"Error waiting for container: {message}");
        }
        catch (Exception e) when (e is WharfApiException or IOException or HttpRequestException)
        {
            cli.Err.WriteLine($"error waiting for container: {e.Message}");
        }
        return 125;
    }

    static async Task StartAsync(WharfClient client, string id, CancellationToken ct)
    {
        try
        {
            await client.Containers.StartAsync(id, ct: ct);
        }
        catch (WharfApiException e)
        {
            throw RunErrors.Refused(e.Message);
        }
    }
}
