using Wharf.Cli.Hosts;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Unit;

public sealed class HostResolverTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly ContextStore _store;

    public HostResolverTests()
    {
        _store = new ContextStore(_dir.Path);
        _store.Create("remote", "a remote daemon", "tcp://10.0.0.1:2376", false, null, null, null);
        _store.Create("other", "", "unix:///run/other.sock", false, null, null, null);
    }

    public void Dispose() => _dir.Dispose();

    Connection Resolve(GlobalFlags flags, params (string Key, string Value)[] env)
        => HostResolver.Resolve(flags, k => env.FirstOrDefault(e => e.Key == k).Value, _store);

    [Fact]
    public void The_default_is_the_wharf_socket()
    {
        var c = Resolve(new());
        Assert.Equal("unix:///var/run/wharf.sock", c.Host.ToString());
        Assert.Equal("default", c.ContextName);
        Assert.Null(c.Tls);
    }

    [Fact]
    public void The_host_flag_beats_every_environment_variable_and_context()
    {
        _store.SetCurrentContext("remote");
        var c = Resolve(new(Host: "unix:///tmp/flag.sock"), ("WHARF_HOST", "unix:///tmp/w.sock"), ("DOCKER_HOST", "unix:///tmp/d.sock"));
        Assert.Equal("unix:///tmp/flag.sock", c.Host.ToString());
    }

    [Fact]
    public void WHARF_HOST_beats_DOCKER_HOST_which_beats_the_current_context()
    {
        _store.SetCurrentContext("remote");
        Assert.Equal("unix:///tmp/w.sock", Resolve(new(), ("WHARF_HOST", "unix:///tmp/w.sock"), ("DOCKER_HOST", "unix:///tmp/d.sock")).Host.ToString());
        Assert.Equal("unix:///tmp/d.sock", Resolve(new(), ("DOCKER_HOST", "unix:///tmp/d.sock")).Host.ToString());
        Assert.Equal("tcp://10.0.0.1:2376", Resolve(new()).Host.ToString());
        Assert.Equal("remote", Resolve(new()).ContextName);
    }

    [Fact]
    public void The_context_flag_and_context_variables_pick_a_context()
    {
        Assert.Equal("unix:///run/other.sock", Resolve(new(Context: "other"), ("DOCKER_HOST", "unix:///tmp/d.sock")).Host.ToString());
        Assert.Equal("unix:///run/other.sock", Resolve(new(), ("WHARF_CONTEXT", "other")).Host.ToString());
        Assert.Equal("unix:///run/other.sock", Resolve(new(), ("DOCKER_CONTEXT", "other")).Host.ToString());
    }

    [Fact]
    public void Host_and_context_together_conflict()
    {
        var e = Assert.Throws<CliException>(() => Resolve(new(Host: "unix:///x", Context: "other")));
        Assert.Equal("conflicting options: either specify --host or --context, not both", e.Message);
    }

    [Fact]
    public void An_unknown_context_is_an_error()
        => Assert.Equal("context \"nope\" does not exist", Assert.Throws<CliException>(() => Resolve(new(Context: "nope"))).Message);

    [Fact]
    public void Tcp_ports_default_to_2375_in_clear_and_2376_with_tls()
    {
        Assert.Equal("tcp://example:2375", Resolve(new(Host: "tcp://example")).Host.ToString());
        Assert.Equal("tcp://example:2376", Resolve(new(Host: "tcp://example", Tls: true)).Host.ToString());
    }

    [Fact]
    public void Tls_comes_from_flags_and_the_environment_with_the_cert_path_files()
    {
        var certs = Path.Combine(_dir.Path, "certs");
        Directory.CreateDirectory(certs);
        foreach (var f in (string[])["ca.pem", "cert.pem", "key.pem"]) File.WriteAllText(Path.Combine(certs, f), "x");

        var verified = Resolve(new(Host: "tcp://h"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", certs));
        Assert.Equal(new Wharf.Client.ClientTls(Path.Combine(certs, "ca.pem"), Path.Combine(certs, "cert.pem"), Path.Combine(certs, "key.pem"), true), verified.Tls);

        var wharfFirst = Resolve(new(Host: "tcp://h"), ("WHARF_TLS_VERIFY", "1"), ("WHARF_CERT_PATH", certs), ("DOCKER_CERT_PATH", "/nowhere"));
        Assert.Equal(Path.Combine(certs, "ca.pem"), wharfFirst.Tls!.CaFile);

        var unverified = Resolve(new(Host: "tcp://h", Tls: true, TlsCaCert: Path.Combine(certs, "ca.pem")));
        Assert.False(unverified.Tls!.Verify);
        Assert.Null(Resolve(new(Host: "tcp://h")).Tls);
        Assert.Throws<CliException>(() => Resolve(new(Host: "tcp://h", TlsVerify: true, TlsCert: "/no/such/cert.pem")));
    }

    [Fact]
    public void Contexts_are_stored_as_the_docker_cli_stores_them()
    {
        var meta = Path.Combine(_dir.Path, "contexts", "meta", ContextStore.Hash("remote"), "meta.json");
        Assert.True(File.Exists(meta));
        Assert.Equal("""{"Name":"remote","Metadata":{"Description":"a remote daemon"},"Endpoints":{"docker":{"Host":"tcp://10.0.0.1:2376","SkipTLSVerify":false}}}""", File.ReadAllText(meta));
        _store.SetCurrentContext("other");
        Assert.Contains("\"currentContext\": \"other\"", File.ReadAllText(Path.Combine(_dir.Path, "config.json")), StringComparison.Ordinal);
        // sha256("default") as the docker CLI names directories.
        Assert.Equal("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f", ContextStore.Hash("default"));
    }
}
