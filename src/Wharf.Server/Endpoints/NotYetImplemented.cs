using Wharf.Engine;

namespace Wharf.Server.Endpoints;

/// <summary>
/// The one table of API routes Wharf knows but does not serve yet (501), and of swarm routes, which a node that
/// is not a swarm manager refuses with 503 as dockerd does. A subsystem that arrives removes its rows and maps
/// its own endpoint file.
/// </summary>
internal static class NotYetImplemented
{
    /// <summary>Route pattern (any method) -> what the 501 message names.</summary>
    public static readonly IReadOnlyList<(string Pattern, string What)> Routes =
    [
        ("/build", "build"),
        ("/build/{**rest}", "build"),
        ("/auth", "registry login"),
        ("/plugins", "plugins"),
        ("/plugins/{**rest}", "plugins"),
        ("/session", "session"),
        ("/distribution/{**rest}", "distribution"),
        ("/images/search", "image search"),
    ];

    /// <summary>Routes that are reached through the image matchers rather than a pattern of their own.</summary>
    public const string ImagePush = "image push";
    public const string ImagePull = "image pull";

    public static readonly IReadOnlyList<string> SwarmRoutes =
    [
        "/swarm", "/swarm/{**rest}", "/nodes", "/nodes/{**rest}", "/services", "/services/{**rest}",
        "/tasks", "/tasks/{**rest}", "/secrets", "/secrets/{**rest}", "/configs", "/configs/{**rest}",
    ];

    public static EngineException Error(string what) => EngineException.NotImplemented($"{what} is not implemented in Wharf yet");

    public static EngineException NotSwarmManager() => new(ErrorKind.Unavailable,
        "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.");
}
