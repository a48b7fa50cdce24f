using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Containers;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Server.Tests.Fakes;

namespace Wharf.Server.Tests;

/// <summary>The real server pipeline on a TestServer, with fakes behind it; one per test.</summary>
public sealed class TestApp : IAsyncDisposable
{
    readonly WebApplication _app;

    public FakeImageService Images { get; }
    public FakeEventService Events { get; }
    public FakeSystemService System { get; }
    public Volumes.FakeVolumeService Volumes { get; } = new();
    public Networks.FakeNetworkService Networks { get; } = new();
    /// <summary>The container service behind <c>/system/df</c> and network connect/disconnect.</summary>
    public ContainerEndpoints.FakeContainerService Containers { get; private init; } = null!;
    public HttpClient Client { get; }

    TestApp(WebApplication app, FakeImageService images, FakeEventService events, FakeSystemService system, Volumes.FakeVolumeService volumes, Networks.FakeNetworkService networks)
    {
        Volumes = volumes;
        Networks = networks;
        _app = app;
        Images = images;
        Events = events;
        System = system;
        Client = app.GetTestClient();
    }

    /// <summary>Starts the app; <paramref name="extra"/> maps probe endpoints that tests need to observe the pipeline from inside.</summary>
    public static async Task<TestApp> StartAsync(Action<WebApplication>? extra = null)
    {
        var images = new FakeImageService();
        var events = new FakeEventService();
        var system = new FakeSystemService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IImageService>(images);
        builder.Services.AddSingleton<IEventService>(events);
        builder.Services.AddSingleton<ISystemService>(system);
        // /system/df lists containers too; this one has none.
        var containers = new ContainerEndpoints.FakeContainerService();
        builder.Services.AddSingleton<IContainerService>(containers);
        var volumes = new Volumes.FakeVolumeService();
        builder.Services.AddSingleton<Wharf.Engine.Volumes.IVolumeService>(volumes);
        var networks = new Networks.FakeNetworkService();
        builder.Services.AddSingleton<Wharf.Engine.Networks.INetworkService>(networks);
        builder.Services.AddWharfServer();
        var app = builder.Build();
        app.UseWharfApi();
        extra?.Invoke(app);
        await app.StartAsync();
        return new TestApp(app, images, events, system, volumes, networks) { Containers = containers };
    }

    public async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpMethod method, string url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        var response = await Client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public Task<(HttpResponseMessage Response, string Body)> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
