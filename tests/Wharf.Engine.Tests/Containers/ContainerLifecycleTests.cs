using Wharf.Engine.Containers;

namespace Wharf.Engine.Tests.Containers;

public sealed class ContainerLifecycleTests
{
    [Fact]
    public void Persisted_status_numbers_never_change()
    {
        Assert.Equal(1, (int)ContainerStatus.Created);
        Assert.Equal(2, (int)ContainerStatus.Running);
        Assert.Equal(3, (int)ContainerStatus.Paused);
        Assert.Equal(4, (int)ContainerStatus.Restarting);
        Assert.Equal(5, (int)ContainerStatus.Removing);
        Assert.Equal(6, (int)ContainerStatus.Exited);
        Assert.Equal(7, (int)ContainerStatus.Dead);
        Assert.Equal(7, Enum.GetValues<ContainerStatus>().Length);
    }

    [Theory]
    [InlineData(ContainerStatus.Created, LifecycleTrigger.Start, ContainerStatus.Running)]
    [InlineData(ContainerStatus.Exited, LifecycleTrigger.Start, ContainerStatus.Running)]
    [InlineData(ContainerStatus.Restarting, LifecycleTrigger.Start, ContainerStatus.Running)]
    [InlineData(ContainerStatus.Running, LifecycleTrigger.Pause, ContainerStatus.Paused)]
    [InlineData(ContainerStatus.Paused, LifecycleTrigger.Unpause, ContainerStatus.Running)]
    [InlineData(ContainerStatus.Running, LifecycleTrigger.Exit, ContainerStatus.Exited)]
    [InlineData(ContainerStatus.Paused, LifecycleTrigger.Exit, ContainerStatus.Exited)]
    [InlineData(ContainerStatus.Running, LifecycleTrigger.ExitToRestart, ContainerStatus.Restarting)]
    [InlineData(ContainerStatus.Exited, LifecycleTrigger.Remove, ContainerStatus.Removing)]
    [InlineData(ContainerStatus.Dead, LifecycleTrigger.Remove, ContainerStatus.Removing)]
    [InlineData(ContainerStatus.Removing, LifecycleTrigger.RemoveFailed, ContainerStatus.Dead)]
    public void Allowed_transitions(ContainerStatus from, LifecycleTrigger trigger, ContainerStatus to) =>
        Assert.Equal(to, ContainerLifecycle.Next(from, trigger));

    [Theory]
    [InlineData(ContainerStatus.Running, LifecycleTrigger.Start)]
    [InlineData(ContainerStatus.Paused, LifecycleTrigger.Start)]
    [InlineData(ContainerStatus.Removing, LifecycleTrigger.Start)]
    [InlineData(ContainerStatus.Created, LifecycleTrigger.Pause)]
    [InlineData(ContainerStatus.Paused, LifecycleTrigger.Pause)]
    [InlineData(ContainerStatus.Running, LifecycleTrigger.Unpause)]
    [InlineData(ContainerStatus.Created, LifecycleTrigger.Exit)]
    [InlineData(ContainerStatus.Exited, LifecycleTrigger.Exit)]
    [InlineData(ContainerStatus.Removing, LifecycleTrigger.Remove)]
    [InlineData(ContainerStatus.Exited, LifecycleTrigger.RemoveFailed)]
    public void Refused_transitions(ContainerStatus from, LifecycleTrigger trigger) =>
        Assert.Null(ContainerLifecycle.Next(from, trigger));

    [Fact]
    public void Refusals_carry_dockerds_messages()
    {
        var id = ContainerId.New();
        var paused = Assert.Throws<EngineException>(() => ContainerLifecycle.Require(ContainerStatus.Paused, LifecycleTrigger.Pause, id, "web"));
        Assert.Equal((ErrorKind.Conflict, $"Container {id} is already paused"), (paused.Kind, paused.Message));
        var notRunning = Assert.Throws<EngineException>(() => ContainerLifecycle.Require(ContainerStatus.Exited, LifecycleTrigger.Pause, id, "web"));
        Assert.Equal($"Container {id} is not running", notRunning.Message);
        var notPaused = Assert.Throws<EngineException>(() => ContainerLifecycle.Require(ContainerStatus.Running, LifecycleTrigger.Unpause, id, "web"));
        Assert.Equal($"Container {id} is not paused", notPaused.Message);
        var startPaused = Assert.Throws<EngineException>(() => ContainerLifecycle.Require(ContainerStatus.Paused, LifecycleTrigger.Start, id, "web"));
        Assert.Equal("cannot start a paused container, try unpause instead", startPaused.Message);
    }

    [Fact]
    public void State_names_are_dockers()
    {
        Assert.Equal(["created", "running", "paused", "restarting", "removing", "exited", "dead"],
            Enum.GetValues<ContainerStatus>().Select(ContainerStatusText.StateName));
    }

    [Fact]
    public void Status_text_is_human()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 10, 0, TimeSpan.Zero);
        Assert.Equal("Up 5 seconds", ContainerStatusText.Describe(new ContainerState { Status = ContainerStatus.Running, StartedAt = now.AddSeconds(-5) }, now));
        Assert.Equal("Exited (3) 2 minutes ago", ContainerStatusText.Describe(new ContainerState { Status = ContainerStatus.Exited, ExitCode = 3, FinishedAt = now.AddMinutes(-2) }, now));
        Assert.Equal("Up About a minute (Paused)", ContainerStatusText.Describe(new ContainerState { Status = ContainerStatus.Paused, StartedAt = now.AddSeconds(-70) }, now));
        Assert.Equal("Created", ContainerStatusText.Describe(new ContainerState(), now));
        Assert.Equal("Up Less than a second (health: starting)", ContainerStatusText.Describe(new ContainerState
        {
            Status = ContainerStatus.Running, StartedAt = now, Health = new HealthState(HealthState.Starting, 0, []),
        }, now));
    }
}
