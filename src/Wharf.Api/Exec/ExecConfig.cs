namespace Wharf.Api.Exec;

/// <summary>The body of <c>POST /containers/{name}/exec</c>.</summary>
public sealed record ExecConfig
{
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    /// <summary>Initial terminal size as <c>[height, width]</c>.</summary>
    public List<uint>? ConsoleSize { get; init; }
    public string? DetachKeys { get; init; }
    public bool Tty { get; init; }
    public List<string>? Env { get; init; }
    public List<string>? Cmd { get; init; }
    public bool Privileged { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
}

/// <summary>The body of <c>POST /exec/{id}/start</c>: <c>{"Detach":false,"Tty":false}</c>.</summary>
public sealed record ExecStartConfig
{
    public bool Detach { get; init; }
    public bool Tty { get; init; }
    public List<uint>? ConsoleSize { get; init; }
}
