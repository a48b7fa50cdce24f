namespace Wharf.Engine.Images;

/// <summary>
/// The run defaults an image carries (the <c>config</c> object of the image config file), in Docker's field names.
/// Containers start from these and override them with the create request.
/// </summary>
public sealed record RunConfig
{
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public string? User { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public List<string>? Env { get; init; }
    public List<string>? Cmd { get; init; }
    public HealthConfig? Healthcheck { get; init; }
    public bool? ArgsEscaped { get; init; }
    public string? Image { get; init; }
    public Dictionary<string, EmptyObject>? Volumes { get; init; }
    public string? WorkingDir { get; init; }
    public List<string>? Entrypoint { get; init; }
    public bool? NetworkDisabled { get; init; }
    public string? MacAddress { get; init; }
    public List<string>? OnBuild { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public List<string>? Shell { get; init; }
}

/// <summary>The <c>{}</c> values of Docker's set-like maps (<c>ExposedPorts</c>, <c>Volumes</c>).</summary>
public sealed record EmptyObject;

/// <summary>A container health check: <c>Test</c> is <c>["NONE"]</c>, <c>["CMD", …]</c> or <c>["CMD-SHELL", "…"]</c>; durations in nanoseconds.</summary>
public sealed record HealthConfig
{
    public List<string>? Test { get; init; }
    public long Interval { get; init; }
    public long Timeout { get; init; }
    public long StartPeriod { get; init; }
    public int Retries { get; init; }
}
