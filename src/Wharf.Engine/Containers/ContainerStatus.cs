namespace Wharf.Engine.Containers;

/// <summary>A container's state; persisted as its number, so values never change (a test guards them).</summary>
public enum ContainerStatus : byte
{
    Created = 1,
    Running = 2,
    Paused = 3,
    Restarting = 4,
    Removing = 5,
    Exited = 6,
    Dead = 7,
}
