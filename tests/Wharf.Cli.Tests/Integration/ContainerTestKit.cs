using Wharf.Api.Containers;
using Wharf.Client;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Integration;

/// <summary>
/// Containers for CLI tests, made through the client (not through <c>wharf run</c>), and removed with force at dispose,
/// whatever the test did, so that no container, mount or conmon outlives it.
/// </summary>
internal sealed class ContainerTestKit(WharfClient client, string image) : IAsyncDisposable
{
    readonly List<string> _ids = [];

    public WharfClient Client => client;

    /// <summary>Imports busybox as <paramref name="image"/> unless the daemon has it.</summary>
    public static async Task<ContainerTestKit> CreateAsync(WharfClient client, string image)
    {
        try { await client.Images.InspectAsync(image); }
        catch (WharfApiException e) when (e.StatusCode == 404)
        {
            var colon = image.LastIndexOf(':');
            await using var rootfs = File.OpenRead(await BusyboxRootfs.GetAsync());
            await client.Images.ImportAsync(rootfs, image[..colon], image[(colon + 1)..], ["CMD [\"sh\"]"]);
        }
        return new ContainerTestKit(client, image);
    }

    /// <summary>Creates (and unless <paramref name="start"/> is false, starts) a container; returns its id.</summary>
    public async Task<string> RunAsync(string name, string[] cmd, bool start = true, Dictionary<string, string>? labels = null)
    {
        var created = await client.Containers.CreateAsync(new ContainerCreateRequest { Image = image, Cmd = [.. cmd], Labels = labels }, name);
        _ids.Add(created.Id);
        if (start) await client.Containers.StartAsync(created.Id);
        return created.Id;
    }

    /// <summary>Polls (never sleeps blindly) until <paramref name="condition"/> holds, for at most 20 s.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _ids)
        {
            try { await client.Containers.RemoveAsync(id, force: true); }
            catch (WharfApiException e) when (e.StatusCode == 404) { }
        }
    }
}
