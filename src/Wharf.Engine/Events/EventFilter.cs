using Wharf.Engine.Filters;

namespace Wharf.Engine.Events;

/// <summary>
/// dockerd's event filters (daemon/events/filter.go): every key must match; within a key any value may.
/// <c>event</c> is exact, except that <c>health_status</c>, <c>exec_create</c> and <c>exec_start</c> match as prefixes
/// (their actions carry a suffix such as <c>health_status: healthy</c>); object keys match the actor id or its
/// <c>name</c> attribute by prefix; <c>image</c> also matches a container's <c>image</c> attribute, with or without tag.
/// </summary>
internal static class EventFilter
{
    static readonly string[] Keys =
        ["config", "container", "daemon", "event", "image", "label", "network", "node", "plugin", "scope", "secret", "service", "type", "volume"];

    static readonly string[] PrefixActions = ["health_status", "exec_create", "exec_start"];

    /// <summary>Rejects unknown keys with dockerd's <c>Invalid filter '&lt;key&gt;'</c>.</summary>
    public static void Validate(FilterSet filters) => filters.Validate(Keys);

    public static bool Matches(FilterSet f, EngineEvent e)
    {
        var type = EventTypeNames.Name(e.Type);
        return MatchesEvent(f, e.Action)
            && Exact(f, "type", type)
            && Exact(f, "scope", e.Scope)
            && NameOrId(f, "daemon", e)
            && NameOrId(f, "container", e)
            && NameOrId(f, "plugin", e)
            && NameOrId(f, "volume", e)
            && NameOrId(f, "network", e)
            && MatchesImage(f, e)
            // Wharf has no swarm: node, service, secret and config events never happen, so those filters match nothing.
            && !f.Contains("node") && !f.Contains("service") && !f.Contains("secret") && !f.Contains("config")
            && f.MatchesLabels("label", e.Attributes);
    }

    static bool MatchesEvent(FilterSet f, string action)
    {
        var wanted = f.Get("event");
        if (wanted.Count == 0) return true;
        if (wanted.Contains(action)) return true;
        // dockerd switches the whole key to prefix matching when one of these values is present (moby #25798).
        return wanted.Any(w => PrefixActions.Contains(w)) && wanted.Any(w => action.StartsWith(w, StringComparison.Ordinal));
    }

    static bool Exact(FilterSet f, string key, string value)
    {
        var wanted = f.Get(key);
        return wanted.Count == 0 || wanted.Contains(value);
    }

    // dockerd's fuzzyMatchName: the values apply to every event, so "container=web" also hides image events.
    static bool NameOrId(FilterSet f, string key, EngineEvent e)
    {
        var wanted = f.Get(key);
        if (wanted.Count == 0) return true;
        e.Attributes.TryGetValue("name", out var name);
        return wanted.Any(w => Fuzzy(e.ActorId, w) || (name is not null && Fuzzy(name, w)));
    }

    static bool Fuzzy(string source, string value) => source == value || source.StartsWith(value, StringComparison.Ordinal);

    static bool MatchesImage(FilterSet f, EngineEvent e)
    {
        var wanted = f.Get("image");
        if (wanted.Count == 0) return true;
        var attribute = e.Type == EventType.Image ? "name" : "image";
        var name = e.Attributes.TryGetValue(attribute, out var n) ? n : "";
        return wanted.Contains(e.ActorId) || wanted.Contains(name)
            || wanted.Contains(FamiliarNameWithoutTag(e.ActorId)) || wanted.Contains(FamiliarNameWithoutTag(name));
    }

    /// <summary>
    /// dockerd's stripTag (FamiliarName of the normalised reference): <c>docker.io/library/busybox:1.36</c> -> <c>busybox</c>,
    /// <c>host:5000/a/b:t</c> -> <c>host:5000/a/b</c>; ids and anything else come back unchanged.
    /// </summary>
    internal static string FamiliarNameWithoutTag(string reference)
    {
        var name = reference;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0) name = name[..at];
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > slash) name = name[..colon];
        if (name.StartsWith("docker.io/", StringComparison.Ordinal)) name = name["docker.io/".Length..];
        if (name.StartsWith("library/", StringComparison.Ordinal) && name.IndexOf('/', "library/".Length) < 0) name = name["library/".Length..];
        return name;
    }
}
