namespace Wharf.Engine.Info;

/// <summary>How many containers exist in each state, for <c>/info</c>; the containers subsystem implements it.</summary>
public interface IContainerCounts
{
    Task<ContainerCounts> CountAsync(CancellationToken ct);
}

/// <summary>Containers by state; <see cref="Total"/> is their sum.</summary>
public sealed record ContainerCounts(int Running, int Paused, int Stopped)
{
    public int Total => Running + Paused + Stopped;
}
