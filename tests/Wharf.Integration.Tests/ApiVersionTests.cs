using Wharf.Api;
using Wharf.Client;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests;

/// <summary>Version prefixes on the real socket: 1.24 … 1.41 served, newer refused with dockerd's message.</summary>
public sealed class ApiVersionTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>
{
    [RootFact]
    public async Task A_version_above_1_41_is_refused_with_dockerds_message()
    {
        using var client = WharfClient.ForUnixSocket(daemon.SocketPath, new ApiVersion(1, 99));

        var e = await Assert.ThrowsAsync<WharfApiException>(() => client.VersionAsync());

        Assert.Equal(400, e.StatusCode);
        Assert.Equal("client version 1.99 is too new. Maximum supported API version is 1.41", e.Message);
    }

    [RootFact]
    public async Task The_oldest_supported_version_is_served()
    {
        using var client = WharfClient.ForUnixSocket(daemon.SocketPath, ApiVersion.Minimum);

        var version = await client.VersionAsync();

        Assert.Equal("1.41", version.ApiVersion);
        Assert.Equal("1.24", version.MinAPIVersion);
        Assert.Empty(await client.Images.ListAsync(filters: new Dictionary<string, IReadOnlyList<string>> { ["reference"] = ["nothing-here"] }));
    }
}
