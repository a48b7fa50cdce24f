using System.Globalization;
using System.Text.RegularExpressions;
using Wharf.Engine.Containers.Health;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;

namespace Wharf.Engine.Containers;

/// <summary>The <c>GET /containers/json</c> filters, resolved once (before/since containers, ancestor images), then matched per container.</summary>
internal sealed class ContainerListFilter
{
    static readonly string[] StatusValues = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];
    static readonly string[] HealthValues = [HealthState.Starting, HealthState.Healthy, HealthState.Unhealthy, "none"];

    readonly FilterSet _filters;
    readonly HashSet<int> _exited = [];
    readonly HashSet<Digest> _ancestors = [];
    readonly List<Regex> _names = [];
    DateTimeOffset? _before;
    DateTimeOffset? _since;

    ContainerListFilter(FilterSet filters) => _filters = filters;

    public static async Task<ContainerListFilter> CreateAsync(FilterSet filters, ContainerStore store, IImageService images, CancellationToken ct)
    {
        var f = new ContainerListFilter(filters);
        foreach (var s in filters.Get("status"))
            if (Array.IndexOf(StatusValues, s) < 0) throw EngineException.Invalid($"Invalid filter 'status={s}'");
        foreach (var h in filters.Get("health"))
            if (Array.IndexOf(HealthValues, h) < 0) throw EngineException.Invalid($"Invalid filter 'health={h}'");
        // dockerd matches names as regular expressions against "/name".
        foreach (var n in filters.Get("name"))
        {
            try
            {
                f._names.Add(new Regex(n, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
            }
            catch (ArgumentException)
            {
                throw EngineException.Invalid($"Invalid filter 'name={n}'");
            }
        }
        foreach (var e in filters.Get("exited"))
        {
            if (!int.TryParse(e, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
                throw EngineException.Invalid($"Invalid filter 'exited={e}'");
            f._exited.Add(code);
        }
        foreach (var b in filters.Get("before"))
        {
            var created = store.Resolve(b).Created;
            if (f._before is null || created < f._before) f._before = created;
        }
        foreach (var s in filters.Get("since"))
        {
            var created = store.Resolve(s).Created;
            if (f._since is null || created > f._since) f._since = created;
        }
        foreach (var a in filters.Get("ancestor"))
        {
            try
            {
                f._ancestors.Add((await images.InspectAsync(a, ct)).Id);
            }
            catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
            {
                // An unknown ancestor matches nothing, as with dockerd.
            }
        }
        return f;
    }

    public bool Matches(ContainerRecord c)
    {
        var f = _filters;
        // A plain list asks nothing; a dozen key lookups per container were a fifth of its time.
        if (f.IsEmpty) return true;
        if (f.Contains("id") && !f.Get("id").Any(id => c.Id.Value.StartsWith(id, StringComparison.Ordinal))) return false;
        if (f.Contains("name") && !_names.Any(n => n.IsMatch("/" + c.Name))) return false;
        if (!f.MatchesLabels("label", c.Labels)) return false;
        if (f.Contains("status") && !f.Get("status").Contains(ContainerStatusText.StateName(c.State.Status))) return false;
        if (_exited.Count > 0 && (c.State.Status != ContainerStatus.Exited || !_exited.Contains(c.State.ExitCode))) return false;
        if (f.Contains("ancestor") && !_ancestors.Contains(c.ImageId)) return false;
        if (f.Contains("before") && (_before is null || c.Created >= _before)) return false;
        if (f.Contains("since") && (_since is null || c.Created <= _since)) return false;
        if (f.Contains("health") && !f.Get("health").Contains(c.State.Health?.Status ?? (HealthRules.Command(c.Spec.Config.Healthcheck) is null ? "none" : HealthState.Starting))) return false;
        if (f.Contains("network") && !f.Get("network").Contains(NetworkName(c.Spec.Host.NetworkMode))) return false;
        if (f.Contains("expose") && !f.Get("expose").Any(p => c.Spec.Config.ExposedPorts?.ContainsKey(p.Contains('/', StringComparison.Ordinal) ? p : p + "/tcp") == true)) return false;
        // Nothing publishes ports, mounts volumes or runs as a swarm task yet.
        if (f.Contains("publish") || f.Contains("volume")) return false;
        if (f.GetBool("is-task") == true) return false;
        return true;
    }

    static string NetworkName(string mode) => mode is "" or "default" ? "bridge" : mode;
}
