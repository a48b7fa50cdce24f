using Wharf.Api.Exec;
using Wharf.Engine;
using Wharf.Engine.Containers.Exec;

namespace Wharf.Server.Mapping;

/// <summary>Exec: the create body -> <see cref="ExecCreateRequest"/>, and <see cref="ExecView"/> -> the inspect body.</summary>
internal static class ExecMapping
{
    public static ExecCreateRequest ToRequest(ExecConfig? body)
    {
        if (body is null) throw EngineException.Invalid("config cannot be empty in order to create an exec");
        if (body.Cmd is not { Count: > 0 }) throw EngineException.Invalid("No exec command specified");
        return new ExecCreateRequest
        {
            Cmd = [.. body.Cmd],
            Env = body.Env is null ? [] : [.. body.Env],
            User = body.User ?? "",
            WorkingDir = body.WorkingDir ?? "",
            Tty = body.Tty,
            Privileged = body.Privileged,
            AttachStdin = body.AttachStdin,
            AttachStdout = body.AttachStdout,
            AttachStderr = body.AttachStderr,
            ConsoleSize = ContainerCreateMapping.ToConsoleSize(body.ConsoleSize),
        };
    }

    public static ExecInspect ToInspect(ExecView view) => new()
    {
        ID = view.Id,
        Running = view.Running,
        ExitCode = view.ExitCode,
        ProcessConfig = new ExecProcessConfig
        {
            Tty = view.Request.Tty,
            Entrypoint = view.Request.Cmd[0],
            Arguments = [.. view.Request.Cmd.Skip(1)],
            Privileged = view.Request.Privileged,
            User = view.Request.User.Length == 0 ? null : view.Request.User,
        },
        OpenStdin = view.OpenStdin,
        OpenStderr = view.OpenStderr,
        OpenStdout = view.OpenStdout,
        CanRemove = view.CanRemove,
        ContainerID = view.ContainerId.Value,
        Pid = view.Pid,
    };
}
