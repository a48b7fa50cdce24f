using System.CommandLine;
using Wharf.Client;

namespace Wharf.Cli.Commands.Run;

/// <summary>
/// <c>wharf start [-a] [-i] [--detach-keys] CONTAINER...</c>: starts each container and prints its name; with -a or -i
/// (one container only) it attaches first, starts, streams, and exits with the container's code, as <c>docker start -a</c>.
/// </summary>
internal static class StartCommand
{
    public static Command Create(CliContext cli)
    {
        var attach = new Option<bool>("--attach", "-a") { Description = "Attach STDOUT/STDERR and forward signals" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Attach container's STDIN" };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "Override the key sequence for detaching a container" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("start", "Start one or more stopped containers") { attach, interactive, detachKeys, containers };
        cmd.SetAction((p, ct) => p.GetValue(attach) || p.GetValue(interactive)
            ? AttachedAsync(cli, p.GetValue(containers)!, p.GetValue(interactive), p.GetValue(detachKeys), ct)
            : StartAllAsync(cli, p.GetValue(containers)!, ct));
        return cmd;
    }

    static async Task<int> StartAllAsync(CliContext cli, string[] names, CancellationToken ct)
    {
        var failed = new List<string>();
        foreach (var name in names)
        {
            try
            {
                await cli.Client.Containers.StartAsync(name, ct: ct);
                cli.Out.WriteLine(name);
            }
            catch (WharfApiException e)
            {
                cli.Err.WriteLine($"Error response from daemon: {e.Message}");
                failed.Add(name);
            }
        }
        return failed.Count == 0 ? 0 : throw new CliException($"Error: failed to start containers: {string.Join(", ", failed)}");
    }

    static async Task<int> AttachedAsync(CliContext cli, string[] names, bool interactive, string? detachKeys, CancellationToken ct)
    {
        if (names.Length > 1) throw new CliException("you cannot start and attach multiple containers at once");
        var client = cli.Client;
        var container = await client.Containers.InspectAsync(names[0], ct: ct);
        var id = container.Id;
        var tty = container.Config.Tty;
        var stdin = interactive && container.Config.OpenStdin;
        if (tty && stdin && !cli.InIsTerminal) throw new CliException("the input device is not a TTY");
        using var stream = await client.Containers.AttachAsync(id, stdin, stdout: true, stderr: true, detachKeys, ct: ct);
        var session = new ContainerSession
        {
            Tty = tty,
            Stdin = stdin,
            SigProxy = true,
            DetachKeys = detachKeys,
            Resize = (size, token) => client.Containers.ResizeAsync(id, size.Height, size.Width, token),
            Signal = signal => client.Containers.SignalAsync(id, signal, CancellationToken.None),
        };
        var wait = await client.Containers.BeginWaitAsync(id, container.HostConfig.AutoRemove ? "removed" : "next-exit", tty ? ct : CancellationToken.None);
        await client.Containers.StartAsync(id, detachKeys, ct);
        if (await session.RunAsync(cli, stream, ct) == SessionEnd.Detached) return 0;
        return await RunCommand.ExitStatusAsync(cli, wait);
    }
}
