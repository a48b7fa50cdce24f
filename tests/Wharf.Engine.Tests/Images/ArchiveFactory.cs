using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Images;

/// <summary>Builds image configs, docker-archives and OCI layouts in memory, as docker save and other tools write them.</summary>
public static class ArchiveFactory
{
    public static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static byte[] Layer(string file, string content) => new TarBuilder().Directory("etc").File("etc/" + file, content).Build();

    public static byte[] Config(IEnumerable<byte[]> layerTars, DateTimeOffset? created = null, Dictionary<string, string>? labels = null, string? cmd = null)
    {
        var diffIds = new JsonArray(layerTars.Select(l => (JsonNode)JsonValue.Create("sha256:" + Sha(l))).ToArray());
        var history = new JsonArray(diffIds.Select((_, i) => (JsonNode)new JsonObject
        {
            ["created"] = (created ?? DateTimeOffset.UnixEpoch).ToString("O"),
            ["created_by"] = $"step {i}",
        }).ToArray());
        var config = new JsonObject { ["Cmd"] = new JsonArray(JsonValue.Create(cmd ?? "sh")) };
        if (labels is not null) config["Labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        var doc = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = (created ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToString("O"),
            ["config"] = config,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
            ["history"] = history,
        };
        return Encoding.UTF8.GetBytes(doc.ToJsonString());
    }

    /// <summary>A docker-archive. With <paramref name="blobsLayout"/>, files sit at blobs/sha256/&lt;hex&gt; as Docker 25+ writes them.</summary>
    public static byte[] DockerArchive(IEnumerable<(byte[] Config, string[] RepoTags, byte[][] Layers)> images, bool blobsLayout = false)
    {
        var tar = new TarBuilder();
        var manifest = new JsonArray();
        var written = new HashSet<string>();
        foreach (var (config, tags, layers) in images)
        {
            var configName = blobsLayout ? "blobs/sha256/" + Sha(config) : Sha(config) + ".json";
            if (written.Add(configName)) tar.File(configName, config);
            var paths = new JsonArray();
            foreach (var layer in layers)
            {
                var path = blobsLayout ? "blobs/sha256/" + Sha(layer) : Sha(layer)[..20] + "/layer.tar";
                if (written.Add(path)) tar.File(path, layer);
                paths.Add(path);
            }
            manifest.Add(new JsonObject
            {
                ["Config"] = configName,
                ["RepoTags"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
                ["Layers"] = paths,
            });
        }
        tar.File("manifest.json", manifest.ToJsonString());
        return tar.Build();
    }

    /// <summary>An OCI layout whose index.json points to a nested index with an arm64 and an amd64 manifest.</summary>
    public static byte[] OciLayout(byte[] config, byte[][] compressedLayers, string? refName, bool nested = true)
    {
        var tar = new TarBuilder().File("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
        var blobs = new Dictionary<string, byte[]>();
        string Add(byte[] data)
        {
            var hex = Sha(data);
            blobs[hex] = data;
            return "sha256:" + hex;
        }
        JsonObject Descriptor(string mediaType, byte[] data) => new() { ["mediaType"] = mediaType, ["digest"] = Add(data), ["size"] = data.Length };
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
            ["layers"] = new JsonArray(compressedLayers.Select(l => (JsonNode)Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", l)).ToArray()),
        };
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        JsonObject top;
        if (nested)
        {
            // An arm64 entry whose blob is absent: following it would fail, so the loader must skip it.
            var arm = new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["digest"] = "sha256:" + new string('a', 64),
                ["size"] = 10,
                ["platform"] = new JsonObject { ["architecture"] = "arm64", ["os"] = "linux" },
            };
            var amd = Descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes);
            amd["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
            var inner = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = new JsonArray(arm, amd) };
            top = Descriptor("application/vnd.oci.image.index.v1+json", Encoding.UTF8.GetBytes(inner.ToJsonString()));
        }
        else top = Descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes);
        if (refName is not null) top["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = refName };
        var index = new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(top) };
        tar.File("index.json", index.ToJsonString());
        foreach (var (hex, data) in blobs) tar.File("blobs/sha256/" + hex, data);
        return tar.Build();
    }
}
