using Wharf.Engine.Formats;
using Wharf.Api.Common;
using Wharf.Api.Images;
using Wharf.Engine.Images;
using EngineHealth = Wharf.Engine.Images.HealthConfig;
using WireHealth = Wharf.Api.Common.HealthConfig;

namespace Wharf.Server.Mapping;

/// <summary>Images: engine views -> wire records, and the wire's image parameters -> engine requests.</summary>
internal static class ImageMapping
{
    static readonly string[] NoneTag = ["<none>:<none>"];
    static readonly string[] NoneDigest = ["<none>@<none>"];

    /// <summary>
    /// An entry of <c>GET /images/json</c> as dockerd 20.10 fills it: an image with neither tags nor digests shows
    /// <c>&lt;none&gt;</c> placeholders in both lists; otherwise an empty list is null. Containers and SharedSize
    /// are -1 (not computed by a listing), VirtualSize equals Size.
    /// </summary>
    public static ImageSummary ToSummary(ImageView image, long sharedSize = -1, int containers = -1)
    {
        var untagged = image.RepoTags.Count == 0 && image.RepoDigests.Count == 0;
        return new ImageSummary
        {
            Containers = containers,
            Created = image.Created.ToUnixTimeSeconds(),
            Id = image.Id.ToString(),
            Labels = SortedOrNull(image.Config.Config?.Labels),
            ParentId = image.Parent?.ToString() ?? "",
            RepoDigests = untagged ? NoneDigest : NullIfEmpty(image.RepoDigests),
            RepoTags = untagged ? NoneTag : NullIfEmpty(image.RepoTags),
            SharedSize = sharedSize,
            Size = image.Size,
            VirtualSize = image.Size,
        };
    }

    public static ImageSummary[] ToSummaries(IReadOnlyList<ImageView> images) => [.. images.Select(i => ToSummary(i))];

    public static ImageInspect ToInspect(ImageView image)
    {
        var config = image.Config;
        return new ImageInspect
        {
            Id = image.Id.ToString(),
            RepoTags = image.RepoTags,
            RepoDigests = image.RepoDigests,
            Parent = image.Parent?.ToString() ?? "",
            // dockerd's LookupImage: without a comment of its own, an image shows its last history entry's (a commit's).
            Comment = string.IsNullOrEmpty(config.Comment) ? config.History?.LastOrDefault()?.Comment ?? "" : config.Comment,
            Created = GoTime.Rfc3339Nano(image.Created),
            Container = config.Container ?? "",
            // dockerd keeps ContainerConfig as a value (always an object) and Config as a pointer (null when absent).
            ContainerConfig = ToContainerConfig(config.ContainerConfig ?? new RunConfig()),
            DockerVersion = config.DockerVersion ?? "",
            Author = config.Author ?? "",
            Config = config.Config is { } run ? ToContainerConfig(run) : null,
            Architecture = config.Architecture,
            Variant = string.IsNullOrEmpty(config.Variant) ? null : config.Variant,
            Os = config.Os,
            OsVersion = string.IsNullOrEmpty(config.OsVersion) ? null : config.OsVersion,
            Size = image.Size,
            VirtualSize = image.Size,
            GraphDriver = new GraphDriverData("overlay2", GoMaps.Sorted(image.GraphDriverData)),
            RootFS = new ImageRootFs(config.RootFs.Type, config.RootFs.DiffIds),
            Metadata = new ImageMetadata(GoTime.Rfc3339NanoOrZero(image.LastTagTime)),
        };
    }

    /// <summary>An image's run defaults in the swagger <c>ContainerConfig</c> shape, with Docker's values for absent fields.</summary>
    public static ContainerConfig ToContainerConfig(RunConfig run) => new()
    {
        Hostname = run.Hostname ?? "",
        Domainname = run.Domainname ?? "",
        User = run.User ?? "",
        AttachStdin = run.AttachStdin,
        AttachStdout = run.AttachStdout,
        AttachStderr = run.AttachStderr,
        ExposedPorts = ToSet(run.ExposedPorts),
        Tty = run.Tty,
        OpenStdin = run.OpenStdin,
        StdinOnce = run.StdinOnce,
        Env = run.Env,
        Cmd = run.Cmd,
        Healthcheck = ToHealth(run.Healthcheck),
        ArgsEscaped = run.ArgsEscaped ?? false,
        Image = run.Image ?? "",
        Volumes = ToSet(run.Volumes),
        WorkingDir = run.WorkingDir ?? "",
        Entrypoint = run.Entrypoint,
        NetworkDisabled = run.NetworkDisabled ?? false,
        MacAddress = string.IsNullOrEmpty(run.MacAddress) ? null : run.MacAddress,
        OnBuild = run.OnBuild,
        Labels = run.Labels is null ? null : new SortedDictionary<string, string>(run.Labels, StringComparer.Ordinal).ToDictionary(),
        StopSignal = string.IsNullOrEmpty(run.StopSignal) ? null : run.StopSignal,
        StopTimeout = run.StopTimeout,
        Shell = run.Shell,
    };

    public static ImageHistoryItem[] ToHistory(IReadOnlyList<ImageHistoryEntry> entries) =>
    [
        .. entries.Select(e => new ImageHistoryItem
        {
            Comment = e.Comment,
            Created = e.Created.ToUnixTimeSeconds(),
            CreatedBy = e.CreatedBy,
            Id = e.Id,
            Size = e.Size,
            Tags = NullIfEmpty(e.Tags),
        }),
    ];

    public static ImageDeleteResponseItem[] ToDeleteItems(IReadOnlyList<ImageDeleteEntry> entries) =>
        [.. entries.Select(e => new ImageDeleteResponseItem { Untagged = e.Untagged, Deleted = e.Deleted })];

    /// <summary><c>ImagesDeleted</c> is null when nothing went, as dockerd sends it.</summary>
    public static ImagePruneResponse ToPruneResponse(ImagePruneResult result) =>
        new(result.Deleted.Count == 0 ? null : ToDeleteItems(result.Deleted), result.SpaceReclaimed);

    /// <summary>
    /// <c>repo</c> may carry the tag (<c>repo=name:1</c>, as <c>docker import</c> sends it) when <c>tag</c> is empty.
    /// A colon before the last slash belongs to a registry host (<c>127.0.0.1:5000/a</c>), not to a tag.
    /// </summary>
    public static (string? Repository, string? Tag) SplitRepoTag(string? repo, string? tag)
    {
        if (string.IsNullOrEmpty(repo)) return (null, string.IsNullOrEmpty(tag) ? null : tag);
        if (!string.IsNullOrEmpty(tag)) return (repo, tag);
        if (repo.Contains('@', StringComparison.Ordinal)) return (repo, null);
        var colon = repo.LastIndexOf(':');
        if (colon > repo.LastIndexOf('/')) return (repo[..colon], repo[(colon + 1)..]);
        return (repo, null);
    }

    static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> values) => values.Count == 0 ? null : values;

    static IReadOnlyDictionary<string, string>? SortedOrNull(Dictionary<string, string>? labels) =>
        labels is null || labels.Count == 0 ? null : GoMaps.Sorted(labels);

    static Dictionary<string, Api.Common.EmptyObject>? ToSet(Dictionary<string, Engine.Images.EmptyObject>? set) =>
        set?.Keys.Order(StringComparer.Ordinal).ToDictionary(k => k, _ => new Api.Common.EmptyObject());

    static WireHealth? ToHealth(EngineHealth? health) => health is null ? null : new WireHealth
    {
        Test = health.Test,
        Interval = health.Interval,
        Timeout = health.Timeout,
        StartPeriod = health.StartPeriod,
        Retries = health.Retries,
    };
}
