using Wharf.Server.Security;

namespace Wharf.Server.Tests.Security;

/// <summary>The method-and-path rules of each role, on paths as the middleware sees them (version prefix gone).</summary>
public sealed class RoutePolicyTests
{
    static string? Refusal(Role role, string method, string path) => RoutePolicy.Decide(role, method, path).Denial?.Rule;

    [Theory]
    [InlineData("GET", "/_ping")]
    [InlineData("HEAD", "/_ping")]
    [InlineData("GET", "/version")]
    [InlineData("GET", "/info")]
    [InlineData("GET", "/events")]
    [InlineData("GET", "/system/df")]
    [InlineData("GET", "/containers/json")]
    [InlineData("GET", "/containers/web/json")]
    [InlineData("GET", "/containers/web/top")]
    [InlineData("GET", "/containers/web/logs")]
    [InlineData("GET", "/containers/web/changes")]
    [InlineData("GET", "/containers/web/stats")]
    [InlineData("GET", "/images/json")]
    [InlineData("GET", "/images/127.0.0.1:5000/a/b:1/json")]
    [InlineData("GET", "/images/busybox/history")]
    [InlineData("GET", "/networks")]
    [InlineData("GET", "/networks/bridge")]
    [InlineData("GET", "/volumes")]
    [InlineData("GET", "/volumes/data")]
    [InlineData("GET", "/exec/abc/json")]
    [InlineData("GET", "/distribution/busybox/json")]
    [InlineData("GET", "/CONTAINERS//JSON/")]
    public void Viewers_read_state(string method, string path) => Assert.Null(Refusal(Role.Viewer, method, path));

    [Theory]
    [InlineData("POST", "/containers/create", "viewers have read-only access")]
    [InlineData("DELETE", "/containers/web", "viewers have read-only access")]
    [InlineData("POST", "/containers/web/exec", "viewers have read-only access")]
    [InlineData("POST", "/exec/abc/start", "viewers have read-only access")]
    [InlineData("POST", "/containers/web/attach", "viewers have read-only access")]
    [InlineData("PUT", "/containers/web/archive", "viewers have read-only access")]
    [InlineData("POST", "/images/create", "viewers have read-only access")]
    [InlineData("POST", "/volumes/prune", "viewers have read-only access")]
    [InlineData("GET", "/containers/web/archive", "viewers may not download files from containers")]
    [InlineData("HEAD", "/containers/web/archive", "viewers may not download files from containers")]
    [InlineData("GET", "/Containers/web/ARCHIVE/", "viewers may not download files from containers")]
    [InlineData("GET", "/containers/web/export", "viewers may not export containers")]
    [InlineData("GET", "/containers/web/attach/ws", "viewers may not attach to containers")]
    [InlineData("GET", "/images/get", "viewers may not save images")]
    [InlineData("GET", "/images/busybox/get", "viewers may not save images")]
    [InlineData("GET", "/images/registry:5000/a/b:1/get", "viewers may not save images")]
    [InlineData("GET", "/images/busybox%2Fget", "viewers may not save images")]
    [InlineData("GET", "/plugins", "viewers may read only the state of containers, images, networks, volumes, exec instances and the system")]
    [InlineData("GET", "/swarm", "viewers may read only the state of containers, images, networks, volumes, exec instances and the system")]
    [InlineData("GET", "/containers/web/unknown", "viewers may read only the state of containers, images, networks, volumes, exec instances and the system")]
    [InlineData("GET", "/", "viewers may read only the state of containers, images, networks, volumes, exec instances and the system")]
    public void Viewers_are_refused_writes_and_what_hands_out_contents(string method, string path, string rule) =>
        Assert.Equal(rule, Refusal(Role.Viewer, method, path));

    [Theory]
    [InlineData("POST", "/containers/web/start")]
    [InlineData("DELETE", "/containers/web")]
    [InlineData("PUT", "/containers/web/archive")]
    [InlineData("GET", "/containers/web/export")]
    [InlineData("POST", "/containers/web/attach")]
    [InlineData("POST", "/containers/prune")]
    [InlineData("POST", "/exec/abc/start")]
    [InlineData("POST", "/images/create")]
    [InlineData("POST", "/images/load")]
    [InlineData("GET", "/images/get")]
    [InlineData("DELETE", "/images/busybox")]
    [InlineData("POST", "/networks/create")]
    [InlineData("POST", "/networks/n/connect")]
    [InlineData("DELETE", "/volumes/data")]
    [InlineData("POST", "/commit")]
    [InlineData("POST", "/auth")]
    [InlineData("GET", "/events")]
    [InlineData("HEAD", "/_ping")]
    public void Operators_manage_the_resources(string method, string path)
    {
        var decision = RoutePolicy.Decide(Role.Operator, method, path);
        Assert.Null(decision.Denial);
        Assert.Equal(BodyCheck.None, decision.Body);
    }

    [Theory]
    [InlineData("/containers/create", "ContainerCreate")]
    [InlineData("/CONTAINERS/Create/", "ContainerCreate")]
    [InlineData("//containers//create", "ContainerCreate")]
    [InlineData("/containers/web/exec", "ExecCreate")]
    [InlineData("/volumes/create", "VolumeCreate")]
    public void Operator_creates_are_decided_by_their_body(string path, string expected)
    {
        var decision = RoutePolicy.Decide(Role.Operator, "POST", path);
        Assert.Null(decision.Denial);
        Assert.Equal(Enum.Parse<BodyCheck>(expected), decision.Body);
    }

    [Theory]
    [InlineData("POST", "/containers/web/exec", "exec in")]
    [InlineData("POST", "/containers/web/attach", "attach to")]
    [InlineData("GET", "/containers/web/attach/ws", "attach to")]
    [InlineData("PUT", "/containers/web/archive", "copy files into")]
    public void Operators_reaching_into_a_container_are_checked_against_it(string method, string path, string action)
    {
        var decision = RoutePolicy.Decide(Role.Operator, method, path);
        Assert.Null(decision.Denial);
        Assert.Equal("web", decision.Target);
        Assert.Equal(action, decision.Action);
        Assert.Null(RoutePolicy.Decide(Role.Operator, "GET", "/containers/web/archive").Target);
        Assert.Null(RoutePolicy.Decide(Role.Admin, method, path).Target);
    }

    [Theory]
    [InlineData("GET", "/plugins", "operators may manage only containers, images, networks, volumes, exec instances and the system")]
    [InlineData("POST", "/plugins/pull", "operators may manage only containers, images, networks, volumes, exec instances and the system")]
    [InlineData("POST", "/swarm/init", "operators may manage only containers, images, networks, volumes, exec instances and the system")]
    [InlineData("GET", "/services", "operators may manage only containers, images, networks, volumes, exec instances and the system")]
    [InlineData("POST", "/session", "operators may manage only containers, images, networks, volumes, exec instances and the system")]
    [InlineData("GET", "/frobnicate", "operators may manage only containers, images, networks, volumes, exec instances and the system")]
    [InlineData("POST", "/build", "a build runs commands with options this policy does not check; only admins may build")]
    public void Operators_are_refused_the_rest(string method, string path, string rule) =>
        Assert.Equal(rule, Refusal(Role.Operator, method, path));

    [Theory]
    [InlineData("POST", "/plugins/pull")]
    [InlineData("POST", "/containers/create")]
    [InlineData("GET", "/containers/web/export")]
    public void Admins_may_do_anything_without_a_body_check(string method, string path)
    {
        var decision = RoutePolicy.Decide(Role.Admin, method, path);
        Assert.Null(decision.Denial);
        Assert.Equal(BodyCheck.None, decision.Body);
    }

    [Fact]
    public void Role_none_is_refused_everything() =>
        Assert.Equal("no identity rule matches and the default role is none", Refusal(Role.None, "GET", "/_ping"));

    [Fact]
    public void The_message_names_the_caller_the_role_the_request_and_the_rule()
    {
        var denial = RoutePolicy.Decide(Role.Viewer, "POST", "/containers/create").Denial!;
        var caller = new Caller(CallerKind.Certificate, "CN=alice", "CN=alice, OU=dev", Role.Viewer);
        Assert.Equal("access denied: CN=alice (role viewer) may not POST /containers/create: viewers have read-only access", denial.Message(caller));
    }
}
