namespace Wharf.Testing;

/// <summary>Waits for a condition that something running on its own makes true, failing with what was awaited.</summary>
public static class Poll
{
    public static Task UntilAsync(Func<bool> condition, string what, int seconds = 20) =>
        UntilAsync(() => Task.FromResult(condition()), what, seconds);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {seconds} s waiting for {what}");
            await Task.Delay(50);
        }
    }
}
