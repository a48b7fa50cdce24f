using System.Globalization;
using System.Text.RegularExpressions;
using Wharf.Engine.Containers;
using Wharf.Engine.Events;
using Wharf.Engine.Filters;

namespace Wharf.Engine.Volumes;

/// <summary>
/// Local volumes under <c>&lt;data-root&gt;/volumes/&lt;name&gt;/_data</c>, kept in <see cref="VolumeStore"/>. One gate
/// serialises every change, so a create, a container's attach and a remove or prune never interleave.
/// Call <see cref="InitializeAsync"/> once before use.
/// </summary>
public sealed partial class VolumeService(VolumeStore store, IVolumeHost host, IEventService events, TimeProvider time) : IVolumeService, IContainerVolumes
{
    public const string LocalDriver = "local";

    /// <summary>dockerd 23+ labels the volumes it creates without a name; prune without <c>all</c> removes only those.</summary>
    public const string AnonymousLabel = "com.docker.volume.anonymous";

    static readonly HashSet<string> ValidOptions = ["type", "device", "o", "size"];

    readonly SemaphoreSlim _gate = new(1, 1);

    public async Task InitializeAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(store.Root);
        await store.InitializeAsync(ct);
    }

    public async Task<VolumeView> CreateAsync(VolumeCreateRequest request, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var labels = request.Labels;
            var name = request.Name;
            if (name.Length == 0)
            {
                name = VolumeName.NewAnonymous();
                labels = WithAnonymousLabel(labels);
            }
            var (volume, _) = await GetOrCreateAsync(name, request.Driver, labels, request.DriverOpts, ct);
            return await ViewAsync(volume, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<VolumeView>> ListAsync(FilterSet filters, CancellationToken ct)
    {
        filters.Validate("dangling", "name", "label", "driver");
        var dangling = filters.GetBool("dangling");
        var refs = await store.ReferencesAsync(ct);
        var result = new List<VolumeView>();
        foreach (var v in await store.AllAsync(ct))
        {
            var users = refs.GetValueOrDefault(v.Name) ?? [];
            if (dangling is { } d && d != (users.Count == 0)) continue;
            if (filters.Contains("name") && !filters.Get("name").Any(n => NameMatches(n, v.Name))) continue;
            if (filters.Contains("driver") && !filters.Get("driver").Contains(v.Driver)) continue;
            if (!filters.MatchesLabels("label", v.Labels)) continue;
            result.Add(new VolumeView(v, users));
        }
        return result;
    }

    public async Task<VolumeView> InspectAsync(string name, CancellationToken ct)
    {
        var v = await store.GetAsync(name, ct) ?? throw VolumeErrors.NoSuchVolume(name);
        return await ViewAsync(v, ct);
    }

    public async Task RemoveAsync(string name, bool force, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var v = await store.GetAsync(name, ct);
            if (v is null)
            {
                // dockerd's force purges what it cannot find without complaint.
                if (force) return;
                throw VolumeErrors.NoSuchVolume(name);
            }
            if ((await store.ReferencesAsync(ct)).GetValueOrDefault(name) is { Count: > 0 } users) throw VolumeErrors.InUse(name, users);
            await DestroyAsync(v, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<VolumePruneResult> PruneAsync(FilterSet filters, CancellationToken ct)
    {
        filters.Validate("label", "label!", "all");
        var all = false;
        if (filters.Get("all") is { Count: > 0 } values)
        {
            if (values.Count > 1 || !bool.TryParse(values.First() is "1" ? "true" : values.First() is "0" ? "false" : values.First(), out all))
                throw VolumeErrors.InvalidFilter("all", values);
        }
        var deleted = new List<string>();
        long reclaimed = 0;
        await _gate.WaitAsync(ct);
        try
        {
            var refs = await store.ReferencesAsync(ct);
            foreach (var v in await store.AllAsync(ct))
            {
                if (v.Driver != LocalDriver || refs.ContainsKey(v.Name)) continue;
                if (!all && !v.Anonymous) continue;
                if (!filters.MatchesLabels("label", v.Labels)) continue;
                if (filters.Contains("label!") && filters.Get("label!").Any(l => HasLabel(l, v.Labels))) continue;
                var size = ContainerService.DirectorySize(v.Mountpoint);
                await DestroyAsync(v, ct);
                deleted.Add(v.Name);
                reclaimed += size;
            }
        }
        finally
        {
            _gate.Release();
        }
        events.Publish(EventType.Volume, "prune", "", new Dictionary<string, string> { ["reclaimed"] = reclaimed.ToString(CultureInfo.InvariantCulture) });
        return new VolumePruneResult(deleted, reclaimed);
    }

    public async Task<IReadOnlyList<VolumeView>> DiskUsageAsync(CancellationToken ct)
    {
        var refs = await store.ReferencesAsync(ct);
        return [.. (await store.AllAsync(ct)).Select(v =>
            new VolumeView(v, refs.GetValueOrDefault(v.Name) ?? [], ContainerService.DirectorySize(v.Mountpoint)))];
    }

    /// <summary>The volume named <paramref name="name"/>, created (with a <c>create</c> event) when missing. Gate held.</summary>
    async Task<(VolumeRecord Volume, bool Created)> GetOrCreateAsync(string name, string driver, IReadOnlyDictionary<string, string>? labels,
                                                                     IReadOnlyDictionary<string, string>? options, CancellationToken ct)
    {
        VolumeName.Validate(name);
        CheckDriver(name, driver);
        if (await store.GetAsync(name, ct) is { } existing) return (existing, false);
        CheckOptions(name, options);
        var volume = new VolumeRecord
        {
            Name = name,
            Driver = LocalDriver,
            CreatedAt = TruncateToSeconds(time.GetUtcNow()),
            Labels = labels,
            Options = options is { Count: > 0 } ? options : null,
            Mountpoint = store.MountpointOf(name),
        };
        Directory.CreateDirectory(volume.Mountpoint);
        await store.InsertAsync(volume, ct);
        events.Publish(EventType.Volume, "create", name, new Dictionary<string, string> { ["driver"] = LocalDriver });
        return (volume, true);
    }

    /// <summary>Removes the row, then the directory; a DriverOpts volume is unmounted first, so a bind's host data is never touched. Gate held.</summary>
    async Task DestroyAsync(VolumeRecord v, CancellationToken ct)
    {
        if (!await store.DeleteIfUnusedAsync(v.Name, ct)) throw VolumeErrors.InUse(v.Name, []);
        var dir = Path.GetDirectoryName(v.Mountpoint)!;
        if (v.NeedsMount)
        {
            await host.UnmountAsync(v.Mountpoint, ct);
            // Non-recursive: after the unmount the directory is empty; if something is still mounted there this fails instead of deleting through it.
            if (Directory.Exists(v.Mountpoint)) Directory.Delete(v.Mountpoint, recursive: false);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: false);
        }
        else if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        events.Publish(EventType.Volume, "destroy", v.Name, new Dictionary<string, string> { ["driver"] = v.Driver });
    }

    async Task<VolumeView> ViewAsync(VolumeRecord v, CancellationToken ct) =>
        new(v, (await store.ReferencesAsync(ct)).GetValueOrDefault(v.Name) ?? []);

    static void CheckDriver(string name, string driver)
    {
        if (driver is not ("" or LocalDriver)) throw VolumeErrors.UnknownDriver(name, driver);
    }

    static void CheckOptions(string name, IReadOnlyDictionary<string, string>? options)
    {
        if (options is null) return;
        foreach (var key in options.Keys)
            if (!ValidOptions.Contains(key)) throw VolumeErrors.InvalidOption(name, key);
        // Quotas need an xfs/ext4 project-quota backing filesystem, which Wharf does not set up.
        if (options.ContainsKey("size")) throw VolumeErrors.NoQuota(name);
    }

    static IReadOnlyDictionary<string, string> WithAnonymousLabel(IReadOnlyDictionary<string, string>? labels)
    {
        var map = labels is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(labels, StringComparer.Ordinal);
        map.TryAdd(AnonymousLabel, "");
        return map;
    }

    static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);

    static bool HasLabel(string want, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null) return false;
        var eq = want.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? labels.ContainsKey(want) : labels.TryGetValue(want[..eq], out var v) && v == want[(eq + 1)..];
    }

    /// <summary>dockerd matches the <c>name</c> filter as a regular expression anywhere in the name (an exact name always matches).</summary>
    static bool NameMatches(string pattern, string name)
    {
        if (pattern == name) return true;
        try
        {
            return Regex.IsMatch(name, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
