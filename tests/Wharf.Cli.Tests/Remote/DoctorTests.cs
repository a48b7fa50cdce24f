using System.Net;
using System.Net.Sockets;
using Wharf.Cli.Commands.Doctor;
using Wharf.Cli.Hosts;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Remote;

/// <summary><c>wharf doctor</c> on a unix socket: each failure with its line and its fix, from faked host facts and a fake daemon.</summary>
public sealed class DoctorTests : IDisposable
{
    const string Socket = "/run/test/wharf.sock";
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    static readonly FileFacts Dir = new(FileKind.Directory, 0, 0, 0x1ed); // 0755
    static readonly FileFacts WharfSocket = new(FileKind.Socket, 0, 998, 0x1b0); // root:wharf 0660

    static DoctorSystem System(FileFacts? socket, UserIdentity? me = null) => new()
    {
        Stat = p => p == Socket ? socket : Dir,
        Identity = () => me ?? new UserIdentity(1000, 1000, [1000, 998]),
        UserName = id => id switch { 0 => "root", 1000 => "alice", _ => id.ToString(global::System.Globalization.CultureInfo.InvariantCulture) },
        GroupName = id => id switch { 0 => "root", 998 => "wharf", 1000 => "alice", _ => id.ToString(global::System.Globalization.CultureInfo.InvariantCulture) },
        FindProgram = _ => null,
        ReadFile = (p, ct) => File.ReadAllTextAsync(p, ct),
    };

    static async Task<(int Code, string Out)> DoctorAsync(FakeDaemon daemon, DoctorSystem system, params (string, string)[] env)
    {
        var cli = daemon.Cli(env: env.ToDictionary(e => e.Item1, e => e.Item2));
        cli.Context.Flags = new GlobalFlags();
        var code = await DoctorCommand.RunAsync(cli.Context, system, CancellationToken.None);
        return (code, cli.Out.ToString());
    }

    static FakeDaemon Answering(string apiVersion = "1.41", string minVersion = "1.24")
        => new FakeDaemon()
            .On("GET /_ping", _ =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("OK") };
                response.Headers.Add("Api-Version", apiVersion);
                return response;
            })
            .WithApiVersion(apiVersion)
            .On("GET /version", $$"""{"Version":"0.1.0","ApiVersion":"{{apiVersion}}","MinAPIVersion":"{{minVersion}}","Os":"linux","Arch":"amd64","KernelVersion":"6","GoVersion":"x","GitCommit":"x","BuildTime":"x","Platform":{"Name":""},"Components":[]}""");

    [Fact]
    public async Task All_good_prints_every_check_ok_and_exits_0()
    {
        var (code, output) = await DoctorAsync(Answering(), System(WharfSocket), ("WHARF_HOST", $"unix://{Socket}"));
        Assert.True(code == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"ok    host        unix://{Socket} (from WHARF_HOST)", lines[0]);
        Assert.Equal($"ok    socket      {Socket} exists and is a socket", lines[1]);
        Assert.Equal($"ok    access      {Socket} is root:wharf mode 0660: you are alice (uid 1000, groups alice,wharf), so you may connect", lines[2]);
        Assert.StartsWith("ok    daemon      /_ping answered OK in ", lines[3], StringComparison.Ordinal);
        Assert.Equal("ok    api         daemon 1.41 (minimum 1.24), this client speaks 1.24 to 1.41: using 1.41", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task A_missing_socket_says_start_wharfd()
    {
        var (code, output) = await DoctorAsync(Answering(), System(null), ("DOCKER_HOST", $"unix://{Socket}"));
        Assert.Equal(1, code);
        Assert.Contains($"FAIL  socket      {Socket} does not exist\n", output, StringComparison.Ordinal);
        Assert.Contains("skip  daemon      not tried: fix the failure above first\n", output, StringComparison.Ordinal);
        Assert.EndsWith($"\nFix: start wharfd: sudo wharfd -H unix://{Socket}, or point wharf at the daemon that runs (-H, WHARF_HOST, wharf context use)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_that_is_no_socket_is_named()
    {
        var (code, output) = await DoctorAsync(Answering(), System(new FileFacts(FileKind.Regular, 0, 0, 0x1a4)), ("WHARF_HOST", $"unix://{Socket}"));
        Assert.Equal(1, code);
        Assert.Contains($"FAIL  socket      {Socket} is a regular file, not a socket\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_outside_the_group_is_told_to_join_it()
    {
        var (code, output) = await DoctorAsync(Answering(), System(WharfSocket, new UserIdentity(1000, 1000, [1000])), ("WHARF_HOST", $"unix://{Socket}"));
        Assert.Equal(1, code);
        Assert.Contains($"FAIL  access      {Socket} is root:wharf mode 0660: you are alice (uid 1000, groups alice), so connecting is denied\n", output, StringComparison.Ordinal);
        Assert.EndsWith("\nFix: sudo usermod -aG wharf $USER, then log in again (or run the command with sudo)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_the_user_cannot_search_is_named()
    {
        var system = System(WharfSocket);
        var closed = new DoctorSystem
        {
            Stat = p => p == "/run/test" ? new FileFacts(FileKind.Directory, 0, 0, 0x1c0) : system.Stat(p),
            Identity = system.Identity, UserName = system.UserName, GroupName = system.GroupName, FindProgram = system.FindProgram, ReadFile = system.ReadFile,
        };
        var (code, output) = await DoctorAsync(Answering(), closed, ("WHARF_HOST", $"unix://{Socket}"));
        Assert.Equal(1, code);
        Assert.Contains("FAIL  access      /run/test is root:root mode 0700 cannot be searched", output, StringComparison.Ordinal);
        Assert.EndsWith("\nFix: let your user reach the socket: chmod o+x /run/test (or run the command with sudo)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_nobody_answers_on_says_start_wharfd()
    {
        // A real socket file that nobody listens on (bound, never listening: connect is refused), as a dead daemon leaves it.
        var path = Path.Combine(_dir.Path, "stale.sock");
        using var bound = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(path));
        var output = new StringWriter();
        using var cli = new CliContext(output, new StringWriter(), _ => null, new ContextStore(_dir.Path)) { Flags = new GlobalFlags(Host: $"unix://{path}") };
        var code = await DoctorCommand.RunAsync(cli, DoctorSystem.Real, CancellationToken.None);
        Assert.True(code == 1, output.ToString());
        Assert.True(output.ToString().Contains($"FAIL  daemon      /_ping: Cannot connect to the Wharf daemon at unix://{path}. Is the daemon running?\n", StringComparison.Ordinal), output.ToString());
        Assert.EndsWith($"\nFix: start wharfd: sudo wharfd -H unix://{path}, or point wharf at the daemon that runs (-H, WHARF_HOST, wharf context use)\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_older_than_our_minimum_api_is_a_failure()
    {
        var (code, output) = await DoctorAsync(Answering("1.12", "1.12"), System(WharfSocket), ("WHARF_HOST", $"unix://{Socket}"));
        Assert.Equal(1, code);
        Assert.Contains("FAIL  api         the daemon speaks API 1.12 at most; this client speaks 1.24 to 1.41\n", output, StringComparison.Ordinal);
        Assert.EndsWith("\nFix: upgrade the daemon: its API 1.12 is older than 1.24, the oldest this client speaks\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_that_needs_a_newer_api_is_a_failure()
    {
        var (code, output) = await DoctorAsync(Answering("1.47", "1.44"), System(WharfSocket), ("WHARF_HOST", $"unix://{Socket}"));
        Assert.Equal(1, code);
        Assert.EndsWith("\nFix: upgrade wharf: the daemon needs API 1.44, this client speaks 1.41 at most\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_says_where_it_came_from()
    {
        var store = new ContextStore(_dir.Path);
        store.Create("lab", "", $"unix://{Socket}", false, null, null, null);
        var cli = Answering().Cli(env: new Dictionary<string, string> { ["DOCKER_CONTEXT"] = "lab" }, configDir: _dir.Path);
        cli.Context.Flags = new GlobalFlags();
        await DoctorCommand.RunAsync(cli.Context, System(WharfSocket), CancellationToken.None);
        Assert.StartsWith($"ok    host        unix://{Socket} (from context lab (DOCKER_CONTEXT))\n", cli.Out.ToString(), StringComparison.Ordinal);
    }
}
