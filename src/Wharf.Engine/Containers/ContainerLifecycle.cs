namespace Wharf.Engine.Containers;

/// <summary>What asks a container to change state; the one transition table below decides whether it may.</summary>
public enum LifecycleTrigger
{
    Start,
    Pause,
    Unpause,
    /// <summary>The init process exited and no restart follows.</summary>
    Exit,
    /// <summary>The init process exited and the restart policy will start it again after a back-off.</summary>
    ExitToRestart,
    Remove,
    /// <summary>Removal failed half-way; the container is left for a forced remove.</summary>
    RemoveFailed,
}

/// <summary>The container state machine: one table, and the dockerd messages for the moves it refuses.</summary>
public static class ContainerLifecycle
{
    public static ContainerStatus? Next(ContainerStatus from, LifecycleTrigger trigger) => (from, trigger) switch
    {
        (ContainerStatus.Created or ContainerStatus.Exited or ContainerStatus.Restarting, LifecycleTrigger.Start) => ContainerStatus.Running,
        (ContainerStatus.Running, LifecycleTrigger.Pause) => ContainerStatus.Paused,
        (ContainerStatus.Paused, LifecycleTrigger.Unpause) => ContainerStatus.Running,
        (ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting, LifecycleTrigger.Exit) => ContainerStatus.Exited,
        (ContainerStatus.Running or ContainerStatus.Paused, LifecycleTrigger.ExitToRestart) => ContainerStatus.Restarting,
        (not ContainerStatus.Removing, LifecycleTrigger.Remove) => ContainerStatus.Removing,
        (ContainerStatus.Removing, LifecycleTrigger.RemoveFailed) => ContainerStatus.Dead,
        _ => null,
    };

    /// <summary>The next state, or the Conflict dockerd answers for this move; <paramref name="userRef"/> is the name as the user typed it.</summary>
    public static ContainerStatus Require(ContainerStatus from, LifecycleTrigger trigger, ContainerId id, string userRef) =>
        Next(from, trigger) ?? throw Refusal(from, trigger, id, userRef);

    static EngineException Refusal(ContainerStatus from, LifecycleTrigger trigger, ContainerId id, string userRef) => (trigger, from) switch
    {
        (LifecycleTrigger.Start, ContainerStatus.Paused) => EngineException.Conflict("cannot start a paused container, try unpause instead"),
        (LifecycleTrigger.Start, ContainerStatus.Removing) => EngineException.Conflict("container is marked for removal and cannot be started"),
        (LifecycleTrigger.Start, ContainerStatus.Dead) => EngineException.Conflict("cannot start a container that has been marked for removal"),
        (LifecycleTrigger.Start, ContainerStatus.Running) => new EngineException(ErrorKind.NotModified, "Container already started"),
        (LifecycleTrigger.Pause, ContainerStatus.Paused) => ContainerErrors.AlreadyPaused(id),
        (LifecycleTrigger.Pause, ContainerStatus.Restarting) => ContainerErrors.Restarting(id),
        (LifecycleTrigger.Pause, _) => ContainerErrors.NotRunning(id),
        (LifecycleTrigger.Unpause, _) => ContainerErrors.NotPaused(id),
        (LifecycleTrigger.Remove, ContainerStatus.Removing) => EngineException.Conflict($"removal of container {userRef} is already in progress"),
        _ => EngineException.Conflict($"Container {id} cannot go from {from} on {trigger}"),
    };
}
