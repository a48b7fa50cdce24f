namespace Wharf.Server.Security;

/// <summary>
/// One <c>authorization.identities</c> entry: a client certificate whose subject has this CN and/or one OU equal to
/// this OU gets <see cref="Role"/>. At least one of the two is set; when both are, both must match.
/// </summary>
public sealed record IdentityRule(string? CommonName, string? OrganizationalUnit, Role Role);
