using Wharf.Api.Common;

namespace Wharf.Api.Containers;

/// <summary>
/// The body of <c>POST /containers/create</c>: the <c>ContainerConfig</c> fields at top level plus
/// <c>HostConfig</c> and <c>NetworkingConfig</c>. Unknown fields are ignored; null, [] and {} all mean empty.
/// </summary>
public sealed record ContainerCreateRequest
{
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public string? User { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public Dictionary<string, EmptyObject?>? ExposedPorts { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public List<string>? Env { get; init; }
    public List<string>? Cmd { get; init; }
    public HealthConfig? Healthcheck { get; init; }
    public bool? ArgsEscaped { get; init; }
    public string? Image { get; init; }
    public Dictionary<string, EmptyObject?>? Volumes { get; init; }
    public string? WorkingDir { get; init; }
    public List<string>? Entrypoint { get; init; }
    public bool? NetworkDisabled { get; init; }
    public string? MacAddress { get; init; }
    public List<string>? OnBuild { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public List<string>? Shell { get; init; }
    public HostConfig? HostConfig { get; init; }
    public NetworkingConfig? NetworkingConfig { get; init; }
}

/// <summary>The 201 body of a create: the new id and warnings (<c>[]</c> when none).</summary>
public sealed record ContainerCreateResponse(string Id, IReadOnlyList<string> Warnings);
