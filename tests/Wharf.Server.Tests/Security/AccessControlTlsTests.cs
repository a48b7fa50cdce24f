using System.Net;
using System.Text;
using System.Text.Json;
using Wharf.Server.Security;

namespace Wharf.Server.Tests.Security;

/// <summary>
/// Roles end to end: real Kestrel, mutual TLS with certificates from a test CA, a unix socket beside it, the server
/// pipeline with fake engine services; then the audit log those requests left.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AccessControlTlsTests : IAsyncLifetime
{
    TlsApiHost _host = null!;
    string _data = "";

    public async Task InitializeAsync() => _host = await TlsApiHost.StartAsync(paths =>
    {
        _data = paths.Data;
        return new AccessControlOptions
        {
            Identities = [new IdentityRule("alice", null, Role.Viewer), new IdentityRule(null, "ops", Role.Operator), new IdentityRule("carol", null, Role.Admin)],
            DefaultRole = Role.None,
            OperatorBindPaths = [paths.Data],
        };
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    static string Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;

    [Fact]
    public async Task A_viewer_can_list_but_not_create_exec_delete_or_download()
    {
        var alice = _host.TlsClient("CN=alice");
        var (status, _) = await SendAsync(alice, "GET", "/v1.41/containers/json");
        Assert.Equal(HttpStatusCode.OK, status);

        (status, var body) = await SendAsync(alice, "POST", "/v1.41/containers/create", """{"Image":"busybox"}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=alice (role viewer) may not POST /containers/create: viewers have read-only access", Message(body));

        (status, body) = await SendAsync(alice, "POST", "/v1.41/containers/web/exec", """{"Cmd":["sh"]}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=alice (role viewer) may not POST /containers/web/exec: viewers have read-only access", Message(body));

        (status, body) = await SendAsync(alice, "DELETE", "/v1.41/containers/web?force=1");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=alice (role viewer) may not DELETE /containers/web: viewers have read-only access", Message(body));

        (status, body) = await SendAsync(alice, "GET", "/v1.41/containers/web/archive?path=/etc");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=alice (role viewer) may not GET /containers/web/archive: viewers may not download files from containers", Message(body));

        Assert.Null(_host.Containers.Created);
        Assert.DoesNotContain(_host.Containers.Calls, c => c.StartsWith("remove", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_operator_creates_plain_containers_but_not_privileged_ones_or_binds_of_the_root()
    {
        var bob = _host.TlsClient("CN=bob, OU=ops");
        var (status, body) = await SendAsync(bob, "POST", "/v1.41/containers/create", """{"Image":"busybox","HostConfig":{"Privileged":true}}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=bob (role operator) may not create a privileged container", Message(body));

        (status, body) = await SendAsync(bob, "POST", "/v1.41/containers/create", """{"Image":"busybox","HostConfig":{"Binds":["/:/host"]}}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"access denied: CN=bob (role operator) may not bind-mount / (operators may bind-mount only below {_data})", Message(body));
        Assert.Null(_host.Containers.Created);

        // The middleware read the body; the endpoint must still see all of it.
        (status, body) = await SendAsync(bob, "POST", "/v1.41/containers/create?name=web",
            $$$"""{"Image":"busybox","Cmd":["echo","hi"],"HostConfig":{"Binds":["{{{_data}}}/www:/www:ro"]}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(["echo", "hi"], _host.Containers.Created!.Config.Cmd!);
        Assert.Equal([$"{_data}/www:/www:ro"], _host.Containers.Created.Host.Binds);

        (status, body) = await SendAsync(bob, "POST", "/v1.41/containers/web/exec", """{"Cmd":["sh"],"Privileged":true}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=bob (role operator) may not run a privileged exec", Message(body));

        (status, body) = await SendAsync(bob, "GET", "/v1.41/plugins");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=bob (role operator) may not GET /plugins: operators may manage only containers, images, networks, volumes, exec instances and the system",
            Message(body));
    }

    [Fact]
    public async Task An_operator_may_not_reach_into_a_container_an_admin_made_privileged()
    {
        _host.Containers.InspectHost = new Wharf.Engine.Containers.HostSettings { Privileged = true };
        var bob = _host.TlsClient("CN=bob, OU=ops");
        var (status, body) = await SendAsync(bob, "POST", "/v1.41/containers/web/exec", """{"Cmd":["sh"]}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=bob (role operator) may not exec in container web: it is privileged", Message(body));
        (status, body) = await SendAsync(bob, "POST", "/v1.41/containers/web/attach?stream=1&stdout=1");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=bob (role operator) may not attach to container web: it is privileged", Message(body));
        (status, body) = await SendAsync(bob, "PUT", "/v1.41/containers/web/archive?path=/");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=bob (role operator) may not copy files into container web: it is privileged", Message(body));

        // An unknown container is the endpoint's 404, not a refusal.
        (status, _) = await SendAsync(bob, "POST", "/v1.41/containers/nope/attach?stream=1&stdout=1");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task An_admin_and_a_unix_socket_client_may_create_privileged_containers()
    {
        var carol = _host.TlsClient("CN=carol");
        var (status, _) = await SendAsync(carol, "POST", "/v1.41/containers/create", """{"Image":"busybox","HostConfig":{"Privileged":true,"Binds":["/:/host"]}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(_host.Containers.Created!.Host.Privileged);

        var local = _host.UnixClient();
        (status, _) = await SendAsync(local, "POST", "/v1.41/containers/create", """{"Image":"busybox","HostConfig":{"NetworkMode":"host","CapAdd":["ALL"]}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("host", _host.Containers.Created.Host.NetworkMode);
    }

    [Fact]
    public async Task A_certificate_no_rule_matches_gets_the_default_role_here_none()
    {
        var dave = _host.TlsClient("CN=dave, OU=dev");
        var (status, body) = await SendAsync(dave, "GET", "/v1.41/info");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("access denied: CN=dave (role none) may not GET /info: no identity rule matches and the default role is none", Message(body));
    }

    [Fact]
    public async Task Clients_without_a_certificate_of_this_ca_reach_nothing()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => _host.TlsClient(null).GetAsync("/_ping"));
        using var other = new TestCertificates("CN=Another CA");
        await Assert.ThrowsAsync<HttpRequestException>(() => _host.TlsClient("CN=carol", other).GetAsync("/_ping"));
    }

    [Fact]
    public async Task Mutating_requests_and_refusals_are_audited_with_identity_and_outcome()
    {
        var alice = _host.TlsClient("CN=alice");
        var bob = _host.TlsClient("CN=bob, OU=ops");
        await SendAsync(alice, "GET", "/v1.41/containers/json");
        await SendAsync(alice, "POST", "/v1.41/containers/create", """{"Image":"busybox","Env":["SECRET=hunter2"]}""");
        await SendAsync(alice, "GET", "/v1.41/images/get?names=busybox");
        await SendAsync(bob, "POST", "/v1.41/containers/create?name=web", """{"Image":"busybox","Env":["SECRET=hunter2"]}""");
        await SendAsync(bob, "POST", "/v1.41/containers/nope/stop");
        await SendAsync(_host.UnixClient(), "POST", "/containers/web/start");
        await _host.StopAsync();

        var text = await File.ReadAllTextAsync(_host.AuditLogPath);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Field(JsonElement line, string name) => line.GetProperty(name).ToString();
        Assert.Equal(
            [
                "CN=alice viewer POST /v1.41/containers/create 403 denied",
                "CN=alice viewer GET /v1.41/images/get?names=busybox 403 denied",
                "CN=bob, OU=ops operator POST /v1.41/containers/create?name=web 201 ok",
                "CN=bob, OU=ops operator POST /v1.41/containers/nope/stop 404 error",
                "unix-socket admin POST /containers/web/start 204 ok",
            ],
            lines.Select(l => $"{Field(l, "identity")} {Field(l, "role")} {Field(l, "method")} {Field(l, "path")} {Field(l, "status")} {Field(l, "outcome")}"));
        Assert.Equal("viewers have read-only access", Field(lines[0], "rule"));
        Assert.Equal("viewers may not save images", Field(lines[1], "rule"));
        Assert.False(lines[2].TryGetProperty("rule", out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$", Field(lines[0], "time"));
        Assert.True(lines[2].GetProperty("duration_ms").GetDouble() >= 0);
        // The unix-socket caller's uid comes from SO_PEERCRED: this process's own.
        var uid = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1];
        Assert.Equal(uid, Field(lines[4], "uid"));
        Assert.False(lines[0].TryGetProperty("uid", out _));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_host.AuditLogPath));
    }
}
