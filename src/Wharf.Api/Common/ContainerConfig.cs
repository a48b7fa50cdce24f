using System.Text.Json.Serialization;

namespace Wharf.Api.Common;

/// <summary>The swagger <c>ContainerConfig</c>: a container's configuration, and an image's run defaults (<c>Config</c> in image inspect).</summary>
public sealed record ContainerConfig
{
    public string Hostname { get; init; } = "";
    public string Domainname { get; init; } = "";
    public string User { get; init; } = "";
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public List<string>? Env { get; init; }
    public List<string>? Cmd { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public HealthConfig? Healthcheck { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool ArgsEscaped { get; init; }
    public string Image { get; init; } = "";
    public Dictionary<string, EmptyObject>? Volumes { get; init; }
    public string WorkingDir { get; init; } = "";
    public List<string>? Entrypoint { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool NetworkDisabled { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? MacAddress { get; init; }
    public List<string>? OnBuild { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StopSignal { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? StopTimeout { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<string>? Shell { get; init; }
}

/// <summary>The <c>{}</c> values of set-like maps (<c>ExposedPorts</c>, <c>Volumes</c>).</summary>
public sealed record EmptyObject;
