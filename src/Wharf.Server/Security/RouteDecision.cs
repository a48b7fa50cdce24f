namespace Wharf.Server.Security;

/// <summary>What the method and path alone decide: refused (<see cref="Denial"/>), or allowed subject to <see cref="Body"/>.</summary>
internal readonly record struct RouteDecision(AccessDenial? Denial, BodyCheck Body)
{
    public static RouteDecision Allow { get; } = new(null, BodyCheck.None);

    public static RouteDecision Deny(AccessDenial denial) => new(denial, BodyCheck.None);

    public static RouteDecision Check(BodyCheck body) => new(null, body);
}
