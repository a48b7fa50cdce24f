using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Engine.Networks;

namespace Wharf.Engine.Linux.Networks;

/// <summary>What an attachment handed to CNI: the call, the plugin chain as run, its result and the host ports it used.</summary>
internal sealed record CniCacheEntry(CniCall Call, IReadOnlyList<JsonObject> Plugins, JsonObject? Result, IReadOnlyList<PortBinding> Ports);

/// <summary>
/// One file per attachment under <c>&lt;exec-root&gt;/cni/</c>, written before ADD runs and again with its result, so
/// that DEL (even after a daemon restart or a crash in the middle of ADD) undoes exactly what ADD was told to make.
/// </summary>
internal sealed class CniCache(string directory)
{
    public string PathOf(string containerId, BridgeNetwork network)
    {
        if (containerId.Length == 0 || containerId.Contains('/') || containerId.Contains('\0') || containerId.StartsWith('.'))
            throw EngineException.Invalid($"invalid container id for a network attachment: {containerId}");
        return Path.Combine(directory, containerId + "-" + CniConfigs.NetworkName(network) + ".json");
    }

    public async Task WriteAsync(string containerId, BridgeNetwork network, CniCacheEntry entry, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var plugins = new JsonArray();
        foreach (var plugin in entry.Plugins) plugins.Add(plugin.DeepClone());
        var ports = new JsonArray();
        foreach (var p in entry.Ports)
            ports.Add((JsonNode)new JsonObject { ["protocol"] = p.Protocol, ["containerPort"] = p.ContainerPort, ["hostIp"] = p.HostIp, ["hostPort"] = p.HostPort });
        var root = new JsonObject
        {
            ["containerId"] = entry.Call.ContainerId,
            ["netns"] = entry.Call.NetnsPath,
            ["ifName"] = entry.Call.InterfaceName,
            ["netnsInode"] = entry.Call.NetnsInode,
            ["plugins"] = plugins,
            ["result"] = entry.Result?.DeepClone(),
            ["ports"] = ports,
        };
        var path = PathOf(containerId, network);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, root.ToJsonString(), ct);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The cached entry, or null when there is none (never attached, or already detached).</summary>
    public async Task<CniCacheEntry?> ReadAsync(string containerId, BridgeNetwork network, CancellationToken ct)
    {
        var path = PathOf(containerId, network);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, ct);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            return Parse(text);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new EngineException(ErrorKind.Internal, $"unreadable CNI cache {path}: {e.Message}", e);
        }
    }

    static CniCacheEntry Parse(string text)
    {
        var root = JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("not an object");
        var call = new CniCall(Text(root, "containerId"), Text(root, "netns"), Text(root, "ifName"), root["netnsInode"]?.GetValue<ulong>() ?? 0);
        var plugins = root["plugins"]?.AsArray().Select(p => p!.AsObject().DeepClone().AsObject()).ToList() ?? [];
        var result = root["result"] is JsonObject r ? (JsonObject)r.DeepClone() : null;
        var ports = root["ports"]?.AsArray().Select(p => new PortBinding(Text(p!.AsObject(), "protocol"), p["containerPort"]!.GetValue<int>(),
            Text(p.AsObject(), "hostIp"), p["hostPort"]!.GetValue<int>())).ToList() ?? [];
        return new CniCacheEntry(call, plugins, result, ports);
    }

    static string Text(JsonObject o, string key) => o[key]?.GetValue<string>() ?? "";

    public void Delete(string containerId, BridgeNetwork network)
    {
        var path = PathOf(containerId, network);
        if (File.Exists(path)) File.Delete(path);
    }
}
