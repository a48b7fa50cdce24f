using System.Text.Json.Serialization;

namespace Wharf.Api.Exec;

/// <summary>The body of <c>GET /exec/{id}/json</c>; <c>ExitCode</c> is null while the process has not exited.</summary>
public sealed record ExecInspect
{
    public required string ID { get; init; }
    public bool Running { get; init; }
    public int? ExitCode { get; init; }
    public required ExecProcessConfig ProcessConfig { get; init; }
    public bool OpenStdin { get; init; }
    public bool OpenStderr { get; init; }
    public bool OpenStdout { get; init; }
    public bool CanRemove { get; init; }
    public required string ContainerID { get; init; }
    public string DetachKeys { get; init; } = "";
    public int Pid { get; init; }
}

/// <summary>The process of an exec, with dockerd's lower-case names.</summary>
public sealed record ExecProcessConfig
{
    [JsonPropertyName("tty")] public bool Tty { get; init; }
    [JsonPropertyName("entrypoint")] public string Entrypoint { get; init; } = "";
    [JsonPropertyName("arguments")] public IReadOnlyList<string> Arguments { get; init; } = [];
    [JsonPropertyName("privileged")] public bool Privileged { get; init; }
    [JsonPropertyName("user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? User { get; init; }
}
