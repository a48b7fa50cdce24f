using System.Text.Json;
using Wharf.Engine.References;

namespace Wharf.Engine.Images;

/// <summary>One image found in an archive: where its config and layers are and which tags it carries.</summary>
internal sealed record LoadCandidate(string ConfigPath, Digest? ConfigDigest, IReadOnlyList<LayerSource> Layers, IReadOnlyList<ImageReference> Tags);

/// <summary>One layer file in an archive; <see cref="Digest"/> is its (possibly compressed) blob digest when the format states it.</summary>
internal sealed record LayerSource(string Path, Digest? Digest);

/// <summary>
/// Reads what a spooled archive holds: a docker-archive (<c>manifest.json</c>, including Docker 25+ archives whose
/// layers are <c>blobs/sha256/…</c>) or, without one, an OCI image layout (<c>oci-layout</c> + <c>index.json</c>).
/// </summary>
internal static class ArchiveReader
{
    const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    const string ManifestListMediaType = "application/vnd.docker.distribution.manifest.list.v2+json";
    const string ContainerdNameAnnotation = "io.containerd.image.name";
    const string OciRefNameAnnotation = "org.opencontainers.image.ref.name";

    public static IReadOnlyList<LoadCandidate> Read(ArchiveSpool spool)
    {
        if (spool.Resolve("manifest.json") is { } manifestPath) return ReadDockerArchive(spool, manifestPath);
        if (spool.Exists("index.json"))
        {
            if (!spool.Exists("oci-layout")) throw EngineException.Invalid("invalid OCI image layout: oci-layout file missing");
            return ReadOciLayout(spool);
        }
        throw EngineException.Invalid("invalid archive: it holds neither manifest.json (docker save) nor index.json (OCI image layout)");
    }

    static IReadOnlyList<LoadCandidate> ReadDockerArchive(ArchiveSpool spool, string manifestPath)
    {
        List<DockerArchiveManifest>? entries;
        try
        {
            entries = JsonSerializer.Deserialize(File.ReadAllBytes(manifestPath), ImageJson.Default.ListDockerArchiveManifest);
        }
        catch (JsonException e)
        {
            throw EngineException.Invalid($"invalid manifest.json: {e.Message}");
        }
        var result = new List<LoadCandidate>();
        foreach (var entry in entries ?? [])
        {
            var tags = new List<ImageReference>();
            foreach (var repoTag in entry.RepoTags ?? [])
            {
                var reference = ImageReference.ParseNormalized(repoTag);
                if (reference.Tag is null || reference.Digest is not null) throw EngineException.Invalid($"invalid tag \"{repoTag}\"");
                tags.Add(reference);
            }
            var layers = entry.Layers.Select(path => new LayerSource(path, BlobDigestOf(path))).ToList();
            result.Add(new LoadCandidate(entry.Config, BlobDigestOf(entry.Config), layers, tags));
        }
        return result;
    }

    static IReadOnlyList<LoadCandidate> ReadOciLayout(ArchiveSpool spool)
    {
        var index = ReadJson(spool, "index.json");
        var result = new List<LoadCandidate>();
        foreach (var descriptor in index.Manifests ?? [])
        {
            if (!IsWantedPlatform(descriptor.Platform)) continue;
            var tags = TagsFrom(descriptor.Annotations);
            foreach (var manifest in Manifests(spool, descriptor, depth: 0))
            {
                var config = manifest.Config ?? throw EngineException.Invalid("invalid OCI manifest: no config");
                var configDigest = ParseDigest(config.Digest);
                var layers = (manifest.Layers ?? []).Select(l => new LayerSource(BlobPath(ParseDigest(l.Digest)), ParseDigest(l.Digest))).ToList();
                result.Add(new LoadCandidate(BlobPath(configDigest), configDigest, layers, tags));
            }
        }
        return result;
    }

    /// <summary>Follows an index entry to the image manifests it names, skipping other platforms in nested indexes.</summary>
    static IEnumerable<OciIndexOrManifest> Manifests(ArchiveSpool spool, OciDescriptor descriptor, int depth)
    {
        if (depth > 4) throw EngineException.Invalid("invalid OCI image layout: indexes nested too deeply");
        var digest = ParseDigest(descriptor.Digest);
        var doc = ReadJson(spool, BlobPath(digest), digest);
        var mediaType = descriptor.MediaType ?? doc.MediaType;
        if (mediaType is IndexMediaType or ManifestListMediaType || (doc.Manifests is not null && doc.Config is null))
        {
            foreach (var child in doc.Manifests ?? [])
            {
                if (!IsWantedPlatform(child.Platform)) continue;
                foreach (var m in Manifests(spool, child, depth + 1)) yield return m;
            }
            yield break;
        }
        yield return doc;
    }

    // Images for other platforms (and attestation manifests, platform unknown/unknown) are not ours to run.
    static bool IsWantedPlatform(OciPlatform? platform) =>
        platform is null || (platform.Os == "linux" && platform.Architecture == "amd64");

    static List<ImageReference> TagsFrom(Dictionary<string, string>? annotations)
    {
        if (annotations is null) return [];
        foreach (var key in new[] { ContainerdNameAnnotation, OciRefNameAnnotation })
            if (annotations.TryGetValue(key, out var value) && ImageReference.TryParseNormalized(value, out var r) && r!.Tag is not null && r.Digest is null)
                return [r];
        return [];
    }

    static OciIndexOrManifest ReadJson(ArchiveSpool spool, string path, Digest? expected = null)
    {
        var bytes = File.ReadAllBytes(spool.Require(path));
        if (expected is { } want && Digest.Of(bytes) != want)
            throw EngineException.Invalid($"invalid OCI image layout: content of {path} does not match its digest");
        try
        {
            return JsonSerializer.Deserialize(bytes, ImageJson.Default.OciIndexOrManifest) ?? throw EngineException.Invalid($"invalid {path}");
        }
        catch (JsonException e)
        {
            throw EngineException.Invalid($"invalid {path}: {e.Message}");
        }
    }

    static Digest ParseDigest(string s) =>
        Digest.TryParse(s, out var d) ? d : throw EngineException.Invalid($"invalid OCI image layout: bad digest \"{s}\"");

    static string BlobPath(Digest d) => $"blobs/{d.Algorithm}/{d.Hex}";

    /// <summary>The digest a content-addressed path (<c>blobs/sha256/&lt;hex&gt;</c>) states, if it is one.</summary>
    static Digest? BlobDigestOf(string path)
    {
        var parts = ArchiveSpool.Normalize(path).Split('/');
        return parts.Length == 3 && parts[0] == "blobs" && Digest.TryParse(parts[1] + ":" + parts[2], out var d) ? d : null;
    }
}
