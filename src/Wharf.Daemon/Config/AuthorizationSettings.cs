namespace Wharf.Daemon.Config;

/// <summary>daemon.json's <c>authorization</c> object as written; the resolver checks it.</summary>
internal sealed record AuthorizationSettings
{
    public IReadOnlyList<IdentitySetting> Identities { get; init; } = [];
    public string? DefaultRole { get; init; }
    public IReadOnlyList<string> OperatorBindPaths { get; init; } = [];
}

/// <summary>One <c>identities</c> entry as written: <c>{"cn": "alice", "role": "viewer"}</c>.</summary>
internal sealed record IdentitySetting(string? Cn, string? Ou, string? Role);
