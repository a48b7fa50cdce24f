namespace Wharf.Server.Security;

/// <summary>The roles' names as daemon.json, messages and the audit log spell them.</summary>
public static class RoleNames
{
    /// <summary>Parses <c>viewer</c>, <c>operator</c>, <c>admin</c> or <c>none</c> (exact, lower case).</summary>
    public static bool TryParse(string? text, out Role role)
    {
        (var ok, role) = text switch
        {
            "viewer" => (true, Role.Viewer),
            "operator" => (true, Role.Operator),
            "admin" => (true, Role.Admin),
            "none" => (true, Role.None),
            _ => (false, Role.None),
        };
        return ok;
    }

    /// <summary>The role's daemon.json name.</summary>
    public static string Name(Role role) => role switch
    {
        Role.Viewer => "viewer",
        Role.Operator => "operator",
        Role.Admin => "admin",
        _ => "none",
    };
}
