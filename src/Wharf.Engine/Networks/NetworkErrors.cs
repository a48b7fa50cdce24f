namespace Wharf.Engine.Networks;

/// <summary>dockerd's error texts for networks, in one place (the docker CLI prints them verbatim).</summary>
internal static class NetworkErrors
{
    public static EngineException NotFound(string idOrName) => EngineException.NotFound($"network {idOrName} not found");

    public static EngineException Ambiguous(string idOrName) => EngineException.Invalid($"network {idOrName} is ambiguous");

    public static EngineException NameExists(string name) => EngineException.Conflict($"network with name {name} already exists");

    public static EngineException ActiveEndpoints(NetworkRecord n) =>
        new(ErrorKind.Forbidden, $"error while removing network: network {n.Name} id {n.Id} has active endpoints");

    public static EngineException Predefined(string name) =>
        new(ErrorKind.Forbidden, $"{name} is a pre-defined network and cannot be removed");

    public static EngineException CreatePredefined(string name) =>
        new(ErrorKind.Forbidden, $"{name} is a pre-defined network and cannot be created");

    public static EngineException UnknownDriver(string driver) =>
        EngineException.NotFound($"plugin \"{driver}\" not found");

    public static EngineException OnlyOneInstance(string driver) =>
        new(ErrorKind.Forbidden, $"only one instance of \"{driver}\" network is allowed");

    public static EngineException Invalid(string message) => EngineException.Invalid(message);

    public static EngineException NoFreePool() =>
        EngineException.Invalid("could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");

    public static EngineException PoolOverlaps() =>
        new(ErrorKind.Forbidden, "Pool overlaps with other one on this address space");

    public static EngineException InvalidFilter(string key, IEnumerable<string> values) =>
        EngineException.Invalid($"invalid filter '{key}=[{string.Join(" ", values)}]'");
}
