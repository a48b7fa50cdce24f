using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// The runtime arguments of one CNI call: which container, its namespace (empty when gone) and interface; the
/// namespace's inode, when known, tells it apart from a newer namespace pinned on the same path.
/// </summary>
internal sealed record CniCall(string ContainerId, string NetnsPath, string InterfaceName, ulong NetnsInode = 0);

/// <summary>
/// Runs CNI plugins as the spec says (config on stdin, CNI_* variables, result on stdout) through
/// <see cref="IProcessRunner"/>: one plugin, or a chain whose ADD passes each result on as the next prevResult and
/// whose DEL runs the plugins in reverse with the chain's final result.
/// </summary>
internal sealed class CniInvoker(IProcessRunner runner, CniOptions options)
{
    public const string Version = "1.0.0";

    /// <summary>Runs one plugin; returns its result for ADD (null when it printed none), null for DEL.</summary>
    public async Task<JsonObject?> RunAsync(string command, JsonObject config, CniCall call, CancellationToken ct)
    {
        var type = config["type"]?.GetValue<string>() ?? throw new ArgumentException("a CNI config needs a type", nameof(config));
        var spec = new ProcessSpec(Path.Combine(options.PluginDirectory, type), [])
        {
            StandardInput = config.ToJsonString(),
            Environment = new Dictionary<string, string>
            {
                ["CNI_COMMAND"] = command,
                ["CNI_CONTAINERID"] = call.ContainerId,
                ["CNI_NETNS"] = call.NetnsPath,
                ["CNI_IFNAME"] = call.InterfaceName,
                ["CNI_PATH"] = options.PluginDirectory,
            },
            Timeout = options.CommandTimeout,
        };
        var result = await runner.RunAsync(spec, ct);
        if (!result.Succeeded) throw CniErrors.From(type, command, result.ExitCode, result.StandardOutput, result.StandardError);
        if (command != "ADD" || string.IsNullOrWhiteSpace(result.StandardOutput)) return null;
        try
        {
            return JsonNode.Parse(result.StandardOutput) as JsonObject
                   ?? throw new EngineException(ErrorKind.Internal, $"CNI plugin {type} ADD printed no result object");
        }
        catch (JsonException e)
        {
            throw new EngineException(ErrorKind.Internal, $"CNI plugin {type} ADD printed an unreadable result: {e.Message}", e);
        }
    }

    /// <summary>
    /// ADD through the chain, each plugin seeing the previous one's result; returns the last result. When a plugin
    /// fails, DEL runs (as the spec asks) for it and those before it, with the last result, and the failure is thrown.
    /// </summary>
    public async Task<JsonObject?> AddAsync(IReadOnlyList<JsonObject> plugins, CniCall call, CancellationToken ct)
    {
        JsonObject? previous = null;
        for (var i = 0; i < plugins.Count; i++)
        {
            try
            {
                previous = await RunAsync("ADD", CniConfigs.WithPrevResult(plugins[i], previous), call, ct) ?? previous;
            }
            catch (Exception)
            {
                try
                {
                    await DeleteAsync([.. plugins.Take(i + 1)], previous, call, CancellationToken.None);
                }
                catch (EngineException)
                {
                    // The ADD's failure is the one to report; DEL tolerates what ADD never made.
                }
                throw;
            }
        }
        return previous;
    }

    /// <summary>
    /// DEL through the chain in reverse, each plugin given <paramref name="result"/> as prevResult. Every plugin runs
    /// even when one fails (so as much as possible is undone); the first failure is thrown at the end.
    /// </summary>
    public async Task DeleteAsync(IReadOnlyList<JsonObject> plugins, JsonObject? result, CniCall call, CancellationToken ct)
    {
        EngineException? first = null;
        for (var i = plugins.Count - 1; i >= 0; i--)
        {
            try
            {
                await RunAsync("DEL", CniConfigs.WithPrevResult(plugins[i], result), call, ct);
            }
            catch (EngineException e)
            {
                first ??= e;
            }
        }
        if (first is not null) throw first;
    }
}
