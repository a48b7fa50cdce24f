namespace Wharf.Server.Security;

/// <summary>
/// The method-and-path half of the policy, on the path without its <c>/vX.Y</c> prefix. Literal segments compare
/// case-insensitively and empty segments are skipped, because routing matches <c>/CONTAINERS//x/EXPORT</c> too.
/// Viewers get an allow-list of read routes (a new GET route stays closed to them until it is listed here);
/// operators get whole resources, with the body checked where it can ask for the host.
/// </summary>
internal static class RoutePolicy
{
    const string ReadOnly = "viewers have read-only access";
    const string NotAViewerRoute = "viewers may read only the state of containers, images, networks, volumes, exec instances and the system";
    const string NotAnOperatorRoute = "operators may manage only containers, images, networks, volumes, exec instances and the system";
    const string NoBuild = "a build runs commands with options this policy does not check; only admins may build";

    /// <summary>The first path segments an operator may use (system: /_ping, /version, /info, /system/*, /events).</summary>
    static readonly HashSet<string> OperatorResources = new(StringComparer.OrdinalIgnoreCase)
    {
        "containers", "images", "networks", "volumes", "exec", "commit", "_ping", "version", "info", "system", "events",
        "auth", "distribution",
    };

    public static RouteDecision Decide(Role role, string method, string path)
    {
        // Admin first: it is every unix-socket request, and needs no look at the path.
        if (role == Role.Admin) return RouteDecision.Allow;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return role switch
        {
            Role.Operator => ForOperator(method, path, segments),
            Role.Viewer => ForViewer(method, path, segments),
            _ => RouteDecision.Deny(AccessDenial.Route(method, path, "no identity rule matches and the default role is none")),
        };
    }

    static RouteDecision ForOperator(string method, string path, string[] s)
    {
        if (s.Length == 0) return RouteDecision.Deny(AccessDenial.Route(method, path, NotAnOperatorRoute));
        if (Is(s[0], "build")) return RouteDecision.Deny(AccessDenial.Route(method, path, NoBuild));
        if (!OperatorResources.Contains(s[0])) return RouteDecision.Deny(AccessDenial.Route(method, path, NotAnOperatorRoute));
        // A shell or files inside a container an admin made privileged is the host: those need a look at the container.
        if (s.Length >= 3 && Is(s[0], "containers"))
        {
            if (Is(s[2], "attach")) return RouteDecision.Inside(s[1], "attach to");
            if (s.Length == 3 && Is(s[2], "archive") && Is(method, "PUT")) return RouteDecision.Inside(s[1], "copy files into");
            if (s.Length == 3 && Is(s[2], "exec") && Is(method, "POST")) return RouteDecision.Inside(s[1], "exec in", BodyCheck.ExecCreate);
        }
        if (!Is(method, "POST")) return RouteDecision.Allow;
        if (s.Length == 2 && Is(s[0], "containers") && Is(s[1], "create")) return RouteDecision.Check(BodyCheck.ContainerCreate);
        if (s.Length == 2 && Is(s[0], "volumes") && Is(s[1], "create")) return RouteDecision.Check(BodyCheck.VolumeCreate);
        return RouteDecision.Allow;
    }

    static RouteDecision ForViewer(string method, string path, string[] s)
    {
        if (!Is(method, "GET") && !Is(method, "HEAD")) return RouteDecision.Deny(AccessDenial.Route(method, path, ReadOnly));
        var rule = ViewerRefusal(s);
        return rule is null ? RouteDecision.Allow : RouteDecision.Deny(AccessDenial.Route(method, path, rule));
    }

    /// <summary>Null when a viewer may read this route; else the rule that refuses it.</summary>
    static string? ViewerRefusal(string[] s)
    {
        if (s.Length == 0) return NotAViewerRoute;
        var resource = s[0];
        if (s.Length == 1 && (Is(resource, "_ping") || Is(resource, "version") || Is(resource, "info") || Is(resource, "events")
                              || Is(resource, "networks") || Is(resource, "volumes")))
            return null;
        if (Is(resource, "system")) return s is [_, var sub] && Is(sub, "df") ? null : NotAViewerRoute;
        if (Is(resource, "networks") || Is(resource, "volumes")) return s.Length == 2 ? null : NotAViewerRoute;
        if (Is(resource, "exec")) return s is [_, _, var json] && Is(json, "json") ? null : NotAViewerRoute;
        if (Is(resource, "containers")) return ContainerRefusal(s);
        if (Is(resource, "images")) return ImageRefusal(s);
        if (Is(resource, "distribution")) return s.Length >= 3 && Is(s[^1], "json") ? null : NotAViewerRoute;
        return NotAViewerRoute;
    }

    static string? ContainerRefusal(string[] s)
    {
        if (s is [_, var list] && Is(list, "json")) return null;
        if (s.Length < 3) return NotAViewerRoute;
        var action = s[2];
        if (Is(action, "archive")) return "viewers may not download files from containers";
        if (Is(action, "export")) return "viewers may not export containers";
        if (Is(action, "attach")) return "viewers may not attach to containers";
        // Logs are readable, as with dockerd's read access: they are what the container chose to print.
        if (s.Length == 3 && (Is(action, "json") || Is(action, "top") || Is(action, "logs") || Is(action, "changes") || Is(action, "stats")))
            return null;
        return NotAViewerRoute;
    }

    static string? ImageRefusal(string[] s)
    {
        if (s.Length < 2) return NotAViewerRoute;
        // Names hold slashes (/images/registry:5000/a/b/json); an encoded one must not hide the suffix.
        var last = s[^1].Replace("%2F", "/", StringComparison.OrdinalIgnoreCase).Split('/')[^1];
        if (Is(last, "get")) return "viewers may not save images";
        if (s.Length == 2 && (Is(last, "json") || Is(last, "search"))) return null;
        if (s.Length >= 3 && (Is(last, "json") || Is(last, "history"))) return null;
        return NotAViewerRoute;
    }

    static bool Is(string value, string literal) => string.Equals(value, literal, StringComparison.OrdinalIgnoreCase);
}
