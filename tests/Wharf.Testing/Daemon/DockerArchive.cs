using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;

namespace Wharf.Testing.Daemon;

/// <summary>What a hand-built docker-archive holds: the image id (config digest) and its layers' diff ids.</summary>
public sealed record DockerArchiveInfo(string ImageId, IReadOnlyList<string> DiffIds);

/// <summary>
/// Writes a docker-archive (the <c>docker save</c> layout: <c>&lt;id&gt;/layer.tar</c>, <c>&lt;hex&gt;.json</c>,
/// <c>manifest.json</c>) by hand, so that loading does not depend on wharfd's own save.
/// </summary>
public static class DockerArchive
{
    /// <summary>Writes the archive at <paramref name="path"/> from uncompressed layer tars, bottom first; the manifest comes last, as in docker save.</summary>
    public static async Task<DockerArchiveInfo> WriteAsync(string path, IReadOnlyList<string> layerTars, IReadOnlyList<string> repoTags,
                                                           IReadOnlyList<string>? cmd = null, CancellationToken ct = default)
    {
        var diffIds = new List<string>();
        foreach (var layer in layerTars) diffIds.Add(await Sha256FileAsync(layer, ct));

        var config = Config(diffIds, cmd ?? ["sh"]);
        var configHex = Convert.ToHexStringLower(SHA256.HashData(config));

        await using var file = File.Create(path);
        await using var tar = new TarWriter(file, TarEntryFormat.Ustar, leaveOpen: false);
        var layerPaths = new List<string>();
        for (var i = 0; i < layerTars.Count; i++)
        {
            // Legacy layer ids only need to be unique within the archive; derive them from the diff id.
            var layerId = diffIds[i]["sha256:".Length..];
            var dir = new UstarTarEntry(TarEntryType.Directory, layerId + "/") { Mode = DirMode, ModificationTime = Epoch };
            await tar.WriteEntryAsync(dir, ct);
            await WriteBytesAsync(tar, $"{layerId}/VERSION", "1.0"u8.ToArray(), ct);
            await tar.WriteEntryAsync(layerTars[i], $"{layerId}/layer.tar", ct);
            layerPaths.Add($"{layerId}/layer.tar");
        }
        await WriteBytesAsync(tar, configHex + ".json", config, ct);
        await WriteBytesAsync(tar, "manifest.json", Manifest(configHex + ".json", repoTags, layerPaths), ct);
        return new DockerArchiveInfo("sha256:" + configHex, diffIds);
    }

    /// <summary>Writes a layer tar holding one file of <paramref name="size"/> pseudo-random bytes (incompressible, reproducible).</summary>
    public static async Task WriteBigLayerAsync(string path, string fileName, long size, CancellationToken ct = default)
    {
        // Through a file: TarWriter needs the entry's length up front, which a generated stream cannot give cheaply.
        var content = path + ".content";
        try
        {
            await using (var data = new PseudoRandomStream(size))
            await using (var contentFile = File.Create(content))
                await data.CopyToAsync(contentFile, 1 << 20, ct);
            await using var file = File.Create(path);
            await using var tar = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: false);
            await using var stream = File.OpenRead(content);
            var entry = new PaxTarEntry(TarEntryType.RegularFile, fileName) { Mode = FileMode, ModificationTime = Epoch, DataStream = stream };
            await tar.WriteEntryAsync(entry, ct);
        }
        finally
        {
            File.Delete(content);
        }
    }

    public static async Task<string> Sha256FileAsync(string path, CancellationToken ct = default)
    {
        await using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    const UnixFileMode DirMode = (UnixFileMode)0b111_101_101;
    const UnixFileMode FileMode = (UnixFileMode)0b110_100_100;

    static async Task WriteBytesAsync(TarWriter tar, string name, byte[] bytes, CancellationToken ct)
    {
        using var data = new MemoryStream(bytes, writable: false);
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { Mode = FileMode, ModificationTime = Epoch, DataStream = data };
        await tar.WriteEntryAsync(entry, ct);
    }

    static byte[] Config(IReadOnlyList<string> diffIds, IReadOnlyList<string> cmd)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("architecture", "amd64");
            w.WriteString("os", "linux");
            w.WriteString("created", "2024-01-01T00:00:00Z");
            w.WriteStartObject("config");
            w.WriteStartArray("Env");
            w.WriteStringValue("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            w.WriteEndArray();
            w.WriteStartArray("Cmd");
            foreach (var c in cmd) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartObject("Labels");
            w.WriteString("built-by", "wharf-tests");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("rootfs");
            w.WriteString("type", "layers");
            w.WriteStartArray("diff_ids");
            foreach (var d in diffIds) w.WriteStringValue(d);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("history");
            foreach (var _ in diffIds)
            {
                w.WriteStartObject();
                w.WriteString("created", "2024-01-01T00:00:00Z");
                w.WriteString("created_by", "wharf-tests: hand-built layer");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static byte[] Manifest(string config, IReadOnlyList<string> repoTags, IReadOnlyList<string> layers)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("Config", config);
            w.WriteStartArray("RepoTags");
            foreach (var t in repoTags) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteStartArray("Layers");
            foreach (var l in layers) w.WriteStringValue(l);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        return buffer.ToArray();
    }
}
