using System.Globalization;
using System.Text.Json;
using Wharf.Api.Images;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;
using Wharf.Client;

namespace Wharf.Cli.Commands.Image;

/// <summary>The docker CLI's image list context: one row per repository:tag (and per digest with --digests), its fields and titles.</summary>
internal static class ImageRows
{
    public const string StructType = "*formatter.imageContext";
    public const string DefaultTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    public const string DefaultTableWithDigest = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    public const string Quiet = "{{.ID}}";

    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ID"] = "IMAGE ID", ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["Digest"] = "DIGEST",
        ["CreatedSince"] = "CREATED", ["CreatedAt"] = "CREATED AT", ["Size"] = "SIZE", ["Containers"] = "CONTAINERS",
        ["VirtualSize"] = "VIRTUAL SIZE", ["SharedSize"] = "SHARED SIZE", ["UniqueSize"] = "UNIQUE SIZE",
    };

    /// <summary>
    /// The summaries of a <c>GET /images/json</c> answer, read field by field: the serializer's metadata for them would
    /// cost a NativeAOT process more than the whole list (~1 ms). Fields the answer lacks keep ImageSummary's defaults.
    /// </summary>
    public static IEnumerable<ImageSummary> Summaries(JsonElement images)
    {
        if (images.ValueKind != JsonValueKind.Array) yield break;
        foreach (var i in images.EnumerateArray())
        {
            yield return new ImageSummary
            {
                Containers = (int)i.Int64Field("Containers", -1),
                Created = i.Int64Field("Created"),
                Id = i.StringField("Id"),
                RepoDigests = i.StringsField("RepoDigests"),
                RepoTags = i.StringsField("RepoTags"),
                SharedSize = i.Int64Field("SharedSize", -1),
                Size = i.Int64Field("Size"),
                VirtualSize = i.Int64Field("VirtualSize"),
            };
        }
    }

    public static IEnumerable<TemplateStruct> Build(IEnumerable<ImageSummary> images, bool digests, bool truncate, DateTimeOffset now)
    {
        foreach (var image in images)
            foreach (var (repo, tag, digest) in Expand(image, digests))
                yield return Row(image, repo, tag, digest, truncate, now);
    }

    /// <summary>docker/cli's imageFormatTaggedAndDigest, in the daemon's order (Go walks maps in random order).</summary>
    static IEnumerable<(string Repo, string Tag, string Digest)> Expand(ImageSummary image, bool showDigests)
    {
        var tags = (image.RepoTags ?? []).Where(t => t != "<none>:<none>").ToList();
        var digests = (image.RepoDigests ?? []).Where(d => d != "<none>@<none>").ToList();
        if (tags.Count == 0 && digests.Count == 0)
        {
            yield return ("<none>", "<none>", "<none>");
            yield break;
        }
        var repoTags = new List<(string Repo, List<string> Tags)>();
        foreach (var t in tags)
        {
            var (repo, tag) = SplitTag(t);
            var entry = repoTags.FirstOrDefault(e => e.Repo == repo);
            if (entry.Tags is null) repoTags.Add((repo, [tag])); else entry.Tags.Add(tag);
        }
        var repoDigests = new List<(string Repo, List<string> Digests)>();
        foreach (var d in digests)
        {
            var at = d.IndexOf('@', StringComparison.Ordinal);
            if (at < 0) continue;
            var repo = Familiar(d[..at]);
            var entry = repoDigests.FirstOrDefault(e => e.Repo == repo);
            if (entry.Digests is null) repoDigests.Add((repo, [d[(at + 1)..]])); else entry.Digests.Add(d[(at + 1)..]);
        }
        foreach (var (repo, repoTagList) in repoTags)
        {
            var match = repoDigests.FindIndex(e => e.Repo == repo);
            List<string> ds = match >= 0 && showDigests ? repoDigests[match].Digests : [];
            if (match >= 0) repoDigests.RemoveAt(match);
            foreach (var tag in repoTagList)
            {
                if (ds.Count == 0) yield return (repo, tag, "<none>");
                else foreach (var d in ds) yield return (repo, tag, d);
            }
        }
        foreach (var (repo, ds) in repoDigests)
        {
            if (showDigests) foreach (var d in ds) yield return (repo, "<none>", d);
            else yield return (repo, "<none>", "");
        }
    }

    static (string Repo, string Tag) SplitTag(string reference)
    {
        var colon = reference.LastIndexOf(':');
        var slash = reference.LastIndexOf('/');
        return colon > slash ? (Familiar(reference[..colon]), reference[(colon + 1)..]) : (Familiar(reference), "latest");
    }

    /// <summary>reference.FamiliarName: Docker Hub's official images lose their <c>docker.io/library/</c> prefix.</summary>
    internal static string Familiar(string repo)
    {
        if (repo.StartsWith("docker.io/library/", StringComparison.Ordinal)) return repo["docker.io/library/".Length..];
        if (repo.StartsWith("docker.io/", StringComparison.Ordinal)) return repo["docker.io/".Length..];
        return repo;
    }

    /// <summary>formatter.imageContext's fields, in the key order its JSON has.</summary>
    static readonly string[] Fields = TemplateMap.SortedKeys(Titles);

    /// <summary>An image's row; a field's value is computed when the template reads it, as docker's context methods are.</summary>
    static TemplateStruct Row(ImageSummary i, string repo, string tag, string digest, bool truncate, DateTimeOffset now)
        => new(StructType, Fields, name => name switch
        {
            "ID" => truncate ? ShortId(i.Id) : i.Id,
            "Repository" => repo,
            "Tag" => tag,
            "Digest" => digest,
            "CreatedSince" => Humanize.Ago(DateTimeOffset.FromUnixTimeSeconds(i.Created), now),
            "CreatedAt" => Humanize.GoTime(DateTimeOffset.FromUnixTimeSeconds(i.Created)),
            "Size" => Humanize.SizeWithPrecision(i.Size, 3),
            "Containers" => i.Containers == -1 ? "N/A" : i.Containers.ToString(CultureInfo.InvariantCulture),
            "VirtualSize" => Humanize.SizeWithPrecision(i.VirtualSize, 3),
            "SharedSize" => i.SharedSize == -1 ? "N/A" : Humanize.SizeWithPrecision(i.SharedSize, 3),
            "UniqueSize" => i.SharedSize == -1 || i.Size == -1 ? "N/A" : Humanize.SizeWithPrecision(i.Size - i.SharedSize, 3),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a field of formatter.imageContext"),
        });

    /// <summary>stringid.TruncateID: the hex part's first 12 characters.</summary>
    public static string ShortId(string id)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        var hex = colon >= 0 ? id[(colon + 1)..] : id;
        return hex.Length > 12 ? hex[..12] : hex;
    }
}
