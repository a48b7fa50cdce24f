namespace Wharf.Engine.Containers;

/// <summary>dockerd's error texts for containers, in one place (the docker CLI prints them verbatim).</summary>
internal static class ContainerErrors
{
    public static EngineException NoSuchContainer(string userRef) => EngineException.NotFound($"No such container: {userRef}");

    public static EngineException NoSuchExec(string execId) => EngineException.NotFound($"No such exec instance: {execId}");

    public static EngineException AmbiguousPrefix(string prefix) => EngineException.Invalid($"Multiple IDs found with provided prefix: {prefix}");

    public static EngineException NotRunning(ContainerId id) => EngineException.Conflict($"Container {id} is not running");

    public static EngineException CannotKill(string userRef, ContainerId id) =>
        EngineException.Conflict($"Cannot kill container: {userRef}: Container {id} is not running");

    public static EngineException AlreadyPaused(ContainerId id) => EngineException.Conflict($"Container {id} is already paused");

    public static EngineException NotPaused(ContainerId id) => EngineException.Conflict($"Container {id} is not paused");

    public static EngineException Restarting(ContainerId id) =>
        EngineException.Conflict($"Container {id} is restarting, wait until the container is running");

    public static EngineException PausedExec(string userRef) =>
        EngineException.Conflict($"Container {userRef} is paused, unpause the container before exec");

    public static EngineException RemoveRunning(ContainerId id) => EngineException.Conflict(
        $"You cannot remove a running container {id}. Stop the container before attempting removal or force remove");

    public static EngineException RemovePaused(ContainerId id) => EngineException.Conflict(
        $"You cannot remove a paused container {id}. Unpause and then stop the container before attempting removal or force remove");

    public static EngineException NameInUse(string name, ContainerId holder) => EngineException.Conflict(
        $"Conflict. The container name \"/{name}\" is already in use by container \"{holder}\". You have to remove (or rename) that container to be able to reuse that name.");

    public static EngineException InvalidName(string name) =>
        EngineException.Invalid($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");

    public static EngineException NoCommand() => EngineException.Invalid("No command specified");

    public static EngineException InvalidSignal(string signal) => EngineException.Invalid($"Invalid signal: {signal}");
}
