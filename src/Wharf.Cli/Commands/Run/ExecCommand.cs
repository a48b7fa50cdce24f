using System.CommandLine;
using Wharf.Api.Exec;
using Wharf.Client;

namespace Wharf.Cli.Commands.Run;

/// <summary>
/// <c>wharf exec [OPTIONS] CONTAINER COMMAND [ARG...]</c> as <c>docker exec</c>: inspect the container (so that "No such
/// container" comes first), create the exec, start it hijacked (or detached with -d), stream, then exit with the exec's
/// code from <c>GET /exec/{id}/json</c> (126/127 when the daemon could not run the command).
/// </summary>
internal static class ExecCommand
{
    public static Command Create(CliContext cli)
    {
        var detach = new Option<bool>("--detach", "-d") { Description = "Detached mode: run command in the background" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep STDIN open even if not attached" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-TTY" };
        var env = new Option<string[]>("--env", "-e") { Description = "Set environment variables" };
        var envFile = new Option<string[]>("--env-file") { Description = "Read in a file of environment variables" };
        var user = new Option<string?>("--user", "-u") { Description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory inside the container" };
        var privileged = new Option<bool>("--privileged") { Description = "Give extended privileges to the command" };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "Override the key sequence for detaching a container" };
        var container = new Argument<string>("CONTAINER");
        var command = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("exec", "Execute a command in a running container")
        {
            detach, interactive, tty, env, envFile, user, workdir, privileged, detachKeys, container, command,
        };
        CommandLineSplit.StopsAtFirstArgument(cmd);
        cmd.SetAction((p, ct) =>
        {
            var envs = new List<string>();
            foreach (var file in p.GetValues(envFile)) envs.AddRange(EnvFile.ReadEnv(file, cli.Env));
            foreach (var entry in p.GetValues(env)) envs.Add(FlagValues.EnvEntry(entry, cli.Env, "exec"));
            var isDetached = p.GetValue(detach);
            var isTty = p.GetValue(tty);
            var size = isTty ? cli.Terminal.Size() : null;
            var config = new ExecConfig
            {
                User = p.GetValue(user) ?? "",
                Privileged = p.GetValue(privileged),
                Tty = isTty,
                AttachStdin = !isDetached && p.GetValue(interactive),
                AttachStderr = !isDetached,
                AttachStdout = !isDetached,
                DetachKeys = p.GetValue(detachKeys) ?? "",
                Env = envs.Count > 0 ? envs : null,
                WorkingDir = p.GetValue(workdir) ?? "",
                Cmd = [.. p.GetValue(command)!],
                ConsoleSize = size is { Height: > 0 } s ? [(uint)s.Height, (uint)s.Width] : null,
            };
            return RunAsync(cli, p.GetValue(container)!, config, isDetached, ct);
        });
        return cmd;
    }

    static async Task<int> RunAsync(CliContext cli, string container, ExecConfig config, bool detach, CancellationToken ct)
    {
        var client = cli.Client;
        // As the docker CLI: "No such container" before anything, and the TTY check before an exec is created (none leaks).
        await client.Containers.InspectAsync(container, ct: ct);
        if (!detach && config.Tty && config.AttachStdin && !cli.InIsTerminal) throw new CliException("the input device is not a TTY");
        var id = await client.Exec.CreateAsync(container, config, ct);
        if (detach)
        {
            await client.Exec.StartDetachedAsync(id, config.Tty, ct);
            return 0;
        }
        HijackedStream started;
        try
        {
            started = await client.Exec.StartAsync(id, config.Tty, ct);
        }
        catch (WharfApiException e) when (e.StatusCode >= 500)
        {
            // dockerd upgrades first and sends the runtime's error as output, then records 126; a daemon that refuses the
            // start instead gets the same treatment: its message, then the exec's code (or the one its words imply).
            cli.Err.WriteLine(e.Message);
            return (await client.Exec.InspectAsync(id, ct)).ExitCode is int code and not 0 ? code
                : RunErrors.ExitCodeFor(e.Message) == 127 ? 127 : 126;
        }
        using (var stream = started)
        {
            var session = new ContainerSession
            {
                Tty = config.Tty,
                Stdin = config.AttachStdin,
                DetachKeys = config.DetachKeys,
                Resize = (size, token) => client.Exec.ResizeAsync(id, size.Height, size.Width, token),
            };
            if (await session.RunAsync(cli, stream, ct) == SessionEnd.Detached) throw new CliException("read escape sequence");
        }
        var inspect = await client.Exec.InspectAsync(id, ct);
        return inspect.ExitCode ?? 0;
    }
}
