namespace Wharf.Server.Security;

/// <summary>What a caller may do through the API; each role includes the one before it.</summary>
public enum Role
{
    /// <summary>Nothing: the caller is refused (daemon.json <c>"default-role": "none"</c>).</summary>
    None,

    /// <summary>Read-only: GET and HEAD, without the routes that hand out file contents or a shell.</summary>
    Viewer,

    /// <summary>Containers, images, networks, volumes, exec and system, without what gives away the host.</summary>
    Operator,

    /// <summary>Everything; what the unix socket grants.</summary>
    Admin,
}
