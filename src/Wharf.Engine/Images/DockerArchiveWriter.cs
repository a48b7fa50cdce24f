using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Wharf.Engine.References;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Images;

/// <summary>
/// Writes images in the legacy docker-archive layout that every <c>docker load</c> accepts: per layer
/// <c>&lt;v1id&gt;/{VERSION,json,layer.tar}</c>, <c>&lt;config-hex&gt;.json</c>, <c>manifest.json</c> and <c>repositories</c>.
/// Layers stream from their blobs byte-exact (their digests are the diff ids); nothing is buffered whole.
/// The blobs were leased when the archive was made, so a concurrent delete cannot pull them away.
/// </summary>
internal sealed class DockerArchiveWriter(
    IReadOnlyList<(ImageRow Image, IReadOnlyList<ImageReference> Tags)> images,
    BlobStore blobs,
    Lease lease,
    Action<Digest, ImageConfigFile> onSaved) : IImageArchive
{
    public ValueTask DisposeAsync()
    {
        lease.Dispose();
        return ValueTask.CompletedTask;
    }

    public async Task WriteToAsync(Stream output, CancellationToken ct)
    {
        try
        {
            await using var tar = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
            var written = new HashSet<string>(StringComparer.Ordinal);
            var manifest = new List<DockerArchiveManifest>();
            var repositories = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            foreach (var (image, tags) in images)
            {
                var configBytes = await blobs.ReadAllBytesAsync(image.Id, ct);
                var config = JsonSerializer.Deserialize(configBytes, ImageJson.Default.ImageConfigFile)!;
                var created = config.Created ?? DateTimeOffset.UnixEpoch;
                var diffIds = config.RootFs.DiffIds.Select(d => new DiffId(Digest.Parse(d))).ToList();
                var chains = ChainId.ForAll(diffIds);
                var layerPaths = new List<string>();
                string? parent = null;
                for (var i = 0; i < diffIds.Count; i++)
                {
                    var isTop = i == diffIds.Count - 1;
                    var v1Id = Digest.Of(Encoding.UTF8.GetBytes($"{chains[i]} {parent} {(isTop ? image.Id.ToString() : "")}")).Hex;
                    if (written.Add(v1Id))
                    {
                        var json = new LegacyLayerJson
                        {
                            Id = v1Id,
                            Parent = parent,
                            Created = isTop ? created : DateTimeOffset.UnixEpoch,
                            Architecture = isTop ? config.Architecture : null,
                            Config = isTop ? config.Config : null,
                            Os = config.Os,
                        };
                        await WriteDirAsync(tar, v1Id + "/", created, ct);
                        await WriteFileAsync(tar, v1Id + "/VERSION", "1.0"u8.ToArray(), created, ct);
                        await WriteFileAsync(tar, v1Id + "/json", JsonSerializer.SerializeToUtf8Bytes(json, ImageJson.Default.LegacyLayerJson), created, ct);
                        await using var layer = blobs.OpenRead(diffIds[i].Digest);
                        var entry = new UstarTarEntry(TarEntryType.RegularFile, v1Id + "/layer.tar") { DataStream = layer };
                        Stamp(entry, created, 0x1a4);
                        await tar.WriteEntryAsync(entry, ct);
                    }
                    layerPaths.Add(v1Id + "/layer.tar");
                    parent = v1Id;
                }
                var configName = image.Id.Hex + ".json";
                if (written.Add(configName)) await WriteFileAsync(tar, configName, configBytes, created, ct);
                manifest.Add(new DockerArchiveManifest
                {
                    Config = configName,
                    RepoTags = tags.Count == 0 ? null : tags.Select(t => t.FamiliarString).ToList(),
                    Layers = layerPaths,
                });
                if (parent is not null)
                    foreach (var tag in tags)
                    {
                        if (!repositories.TryGetValue(tag.FamiliarName, out var byTag)) repositories[tag.FamiliarName] = byTag = new(StringComparer.Ordinal);
                        byTag[tag.Tag!] = parent;
                    }
                onSaved(image.Id, config);
            }
            var now = DateTimeOffset.UnixEpoch;
            await WriteFileAsync(tar, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, ImageJson.Default.ListDockerArchiveManifest), now, ct);
            if (repositories.Count > 0)
                await WriteFileAsync(tar, "repositories",
                    JsonSerializer.SerializeToUtf8Bytes(repositories, ImageJson.Default.DictionaryStringDictionaryStringString), now, ct);
        }
        finally
        {
            lease.Dispose();
        }
    }

    static async Task WriteDirAsync(TarWriter tar, string name, DateTimeOffset time, CancellationToken ct)
    {
        var entry = new UstarTarEntry(TarEntryType.Directory, name);
        Stamp(entry, time, 0x1ed);
        await tar.WriteEntryAsync(entry, ct);
    }

    static async Task WriteFileAsync(TarWriter tar, string name, byte[] content, DateTimeOffset time, CancellationToken ct)
    {
        using var data = new MemoryStream(content, writable: false);
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = data };
        Stamp(entry, time, 0x1a4);
        await tar.WriteEntryAsync(entry, ct);
    }

    static void Stamp(PosixTarEntry entry, DateTimeOffset time, int mode)
    {
        entry.ModificationTime = time < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : time;
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = 0;
        entry.Gid = 0;
        // Named owners as dockerd writes them; numeric ids alone are equally valid to every reader.
        entry.UserName = "root";
        entry.GroupName = "root";
    }
}
