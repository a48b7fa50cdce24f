namespace Wharf.Server.Security;

/// <summary>
/// What the method and path alone decide: refused (<see cref="Denial"/>), or allowed subject to <see cref="Body"/> and,
/// when <see cref="Target"/> is set, to what the existing container of that name was created with (<see cref="Action"/>
/// says what the request would do in it: "exec in", "attach to", "copy files into").
/// </summary>
internal readonly record struct RouteDecision(AccessDenial? Denial, BodyCheck Body, string? Target = null, string? Action = null)
{
    public static RouteDecision Allow { get; } = new(null, BodyCheck.None);

    public static RouteDecision Deny(AccessDenial denial) => new(denial, BodyCheck.None);

    public static RouteDecision Check(BodyCheck body) => new(null, body);

    public static RouteDecision Inside(string container, string action, BodyCheck body = BodyCheck.None) => new(null, body, container, action);
}
