namespace Wharf.Server.Security;

/// <summary>
/// Why a request is refused: <see cref="What"/> completes "may not …" in the 403 message, <see cref="Rule"/> is the
/// short reason the audit log records. For body rules the two are the same sentence.
/// </summary>
internal sealed record AccessDenial(string What, string Rule)
{
    /// <summary>A route-level refusal: <c>may not POST /containers/create: viewers have read-only access</c>.</summary>
    public static AccessDenial Route(string method, string path, string rule) => new($"{method} {path}: {rule}", rule);

    /// <summary>A refusal of what the body asks for: <c>may not create a privileged container</c>.</summary>
    public static AccessDenial Body(string what) => new(what, what);

    /// <summary>The 403 message, naming the caller, its role and the rule.</summary>
    public string Message(Caller caller) => $"access denied: {caller.Name} (role {RoleNames.Name(caller.Role)}) may not {What}";
}
