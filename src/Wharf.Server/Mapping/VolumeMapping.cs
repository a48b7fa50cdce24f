using System.Globalization;
using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Info;
using Wharf.Api.Volumes;
using Wharf.Engine.Filters;
using Wharf.Engine.Volumes;
using Wharf.Server.Http;
using MountPoint = Wharf.Api.Containers.MountPoint;

namespace Wharf.Server.Mapping;

/// <summary>Volumes wire &lt;-&gt; domain, and the one API-version rule of volumes (prune's scope).</summary>
internal static class VolumeMapping
{
    /// <summary>API 1.42 made prune remove only anonymous volumes; older clients get dockerd's <c>all=true</c>, i.e. every unused local volume.</summary>
    static readonly ApiVersion PruneAnonymousOnly = new(1, 42);

    public static VolumeCreateRequest ToCreateRequest(VolumeCreateOptions? body) => new()
    {
        Name = body?.Name ?? "",
        Driver = body?.Driver ?? "",
        DriverOpts = body?.DriverOpts,
        Labels = body?.Labels,
    };

    public static Volume ToVolume(VolumeView view, bool withUsage = false)
    {
        var v = view.Volume;
        return new Volume
        {
            // dockerd's local driver: RFC 3339 in seconds.
            CreatedAt = v.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Driver = v.Driver,
            Labels = v.Labels?.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Mountpoint = v.Mountpoint,
            Name = v.Name,
            Options = v.Options?.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Scope = "local",
            UsageData = withUsage ? new VolumeUsageData(view.Size ?? -1, view.Containers.Count) : null,
        };
    }

    public static VolumeListResponse ToList(IReadOnlyList<VolumeView> views) => new([.. views.Select(v => ToVolume(v))], null);

    public static VolumePruneResponse ToPruneResponse(VolumePruneResult result) =>
        new(result.Deleted.Count == 0 ? null : result.Deleted, result.SpaceReclaimed);

    /// <summary>Prune filters as the request's API version means them.</summary>
    public static FilterSet ToPruneFilters(FilterSet filters, ApiVersion version)
    {
        if (version >= PruneAnonymousOnly) return filters;
        var values = filters.Keys.ToDictionary(k => k, k => filters.Get(k), StringComparer.Ordinal);
        values["all"] = ["true"];
        return new FilterSet(values);
    }

    /// <summary>The volumes part of <c>/system/df</c>, each with its UsageData.</summary>
    public static SystemDataUsage WithVolumes(SystemDataUsage usage, IReadOnlyList<VolumeView> volumes) => usage with
    {
        Volumes = [.. volumes.Select(v => JsonSerializer.SerializeToElement(ToVolume(v, withUsage: true), WireJson.Context.Volume))],
    };

    /// <summary>A container's volume (or inherited bind) mount as inspect shows it.</summary>
    public static MountPoint ToMountPoint(ContainerMount m) => new()
    {
        Type = m.Type,
        Name = m.Type == "volume" ? m.Name : null,
        Source = m.Source,
        Destination = m.Destination,
        Driver = m.Type == "volume" ? m.Driver : null,
        Mode = m.Mode,
        RW = m.ReadWrite,
        Propagation = m.Propagation,
    };
}
