using System.Text.Json.Serialization;

namespace Wharf.Engine.Linux.Tests.Runtime;

/// <summary>The few OCI spec fields the runtime tests need, serialized by a source-generated context.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OciSpec))]
[JsonSerializable(typeof(OciProcess))]
internal sealed partial class SpecJson : JsonSerializerContext;

internal sealed record OciSpec(string OciVersion, OciProcess Process, OciRoot Root, string Hostname, OciMount[] Mounts, OciLinux Linux);

internal sealed record OciProcess(bool Terminal, OciUser User, string[] Args, string[] Env, string Cwd);

internal sealed record OciUser(int Uid, int Gid);

internal sealed record OciRoot(string Path, bool Readonly);

internal sealed record OciMount(string Destination, string Type, string Source, string[]? Options);

internal sealed record OciLinux(string CgroupsPath, OciNamespace[] Namespaces, OciResources? Resources);

internal sealed record OciResources(OciMemory? Memory, OciPids? Pids);

internal sealed record OciMemory(long Limit, long Swap);

internal sealed record OciPids(long Limit);

internal sealed record OciNamespace(string Type);
