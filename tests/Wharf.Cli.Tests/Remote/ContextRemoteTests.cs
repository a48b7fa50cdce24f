using Wharf.Cli.Hosts;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Remote;

/// <summary>Contexts for remote daemons: TLS files copied into the store with private modes, update, ssh endpoints, and where a host came from.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContextRemoteTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly TempDirectory _certs = new();

    public ContextRemoteTests()
    {
        foreach (var name in (string[])["ca.pem", "cert.pem", "key.pem"])
            File.WriteAllText(Path.Combine(_certs.Path, name), $"-----BEGIN {name}-----\n");
    }

    public void Dispose()
    {
        _dir.Dispose();
        _certs.Dispose();
    }

    string Cert(string name) => Path.Combine(_certs.Path, name);

    TestCli Cli() => new FakeDaemon().Cli(configDir: _dir.Path);

    [Fact]
    public async Task Create_copies_the_tls_files_into_the_store_with_the_key_private()
    {
        File.SetUnixFileMode(Cert("key.pem"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "create", "prod", "--docker", $"host=tcp://10.0.0.9:2376,ca={Cert("ca.pem")},cert={Cert("cert.pem")},key={Cert("key.pem")}"));

        var store = new ContextStore(_dir.Path);
        var tls = Path.Combine(store.TlsDirectory("prod"), "docker");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, "key.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Path.Combine(tls, "cert.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(tls));
        Assert.Equal("-----BEGIN key.pem-----\n", File.ReadAllText(Path.Combine(tls, "key.pem")));

        // The copies are what the context uses, even once the originals are gone.
        File.Delete(Cert("key.pem"));
        var connection = HostResolver.Resolve(new GlobalFlags(Context: "prod"), _ => null, store);
        Assert.Equal(("tcp://10.0.0.9:2376", Path.Combine(tls, "key.pem"), "context prod (flag --context)"), (connection.Host.ToString(), connection.Tls?.KeyFile, connection.Source));

        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "inspect", "prod", "-f", "{{json .TLSMaterial}}"));
        Assert.Equal("{\"docker\":[\"ca.pem\",\"cert.pem\",\"key.pem\"]}\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Update_changes_the_description_alone_or_replaces_the_whole_endpoint()
    {
        var cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "create", "lab", "--docker", $"host=tcp://10.0.0.9:2376,ca={Cert("ca.pem")}"));

        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "update", "lab", "--description", "the lab box"));
        Assert.Equal(("lab\n", "Successfully updated context \"lab\"\n"), (cli.Out.ToString(), cli.Err.ToString()));
        var entry = new ContextStore(_dir.Path).Load("lab");
        Assert.Equal(("the lab box", "tcp://10.0.0.9:2376"), (entry.Description, entry.Host));
        Assert.NotNull(entry.TlsDirectory);

        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "update", "lab", "--docker", "host=ssh://root@lab-box"));
        entry = new ContextStore(_dir.Path).Load("lab");
        Assert.Equal(("the lab box", "ssh://root@lab-box", null), (entry.Description, entry.Host, entry.TlsDirectory));

        cli = Cli();
        Assert.Equal(1, await cli.RunAsync("context", "update", "nope", "--description", "x"));
        Assert.Equal("context \"nope\" does not exist\n", cli.Err.ToString());
    }

    [Fact]
    public async Task An_ssh_context_is_listed_with_its_endpoint_and_resolves_to_ssh()
    {
        var cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "create", "remote", "--docker", "host=ssh://deploy@build:2222"));
        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "use", "remote"));
        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "ls", "--format", "{{.Name}}{{if .Current}} *{{end}} {{.DockerEndpoint}}"));
        Assert.Equal("default unix:///var/run/wharf.sock\nremote * ssh://deploy@build:2222\n", cli.Out.ToString());

        var connection = HostResolver.Resolve(new GlobalFlags(), _ => null, new ContextStore(_dir.Path));
        Assert.Equal(("ssh", "context remote (config.json)"), (connection.Host.Scheme, connection.Source));
        Assert.Equal(new Wharf.Client.SshDestination("deploy", "build", 2222, null), connection.Host.Ssh);

        cli = Cli();
        Assert.Equal(1, await cli.RunAsync("context", "create", "bad", "--docker", "host=ssh://u:pw@build"));
        Assert.Equal("ssh host connection is not valid: invalid ssh URL: plain-text password is not supported\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Export_and_import_carry_the_endpoint_and_the_tls_files()
    {
        var cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "create", "prod", "--description", "production", "--docker", $"host=tcp://10.0.0.9:2376,ca={Cert("ca.pem")},cert={Cert("cert.pem")},key={Cert("key.pem")}"));
        var archive = Path.Combine(_certs.Path, "prod.dockercontext");

        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "export", "prod", archive));
        Assert.Equal($"Written file \"{archive}\"\n", cli.Err.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
        using (var tar = new System.Formats.Tar.TarReader(File.OpenRead(archive)))
        {
            var names = new List<string>();
            while (tar.GetNextEntry() is { } e) names.Add(e.Name);
            Assert.Equal(["meta.json", "tls/", "tls/docker/", "tls/docker/ca.pem", "tls/docker/cert.pem", "tls/docker/key.pem"], names);
        }

        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "import", "prod2", archive));
        Assert.Equal(("prod2\n", "Successfully imported context \"prod2\"\n"), (cli.Out.ToString(), cli.Err.ToString()));
        var store = new ContextStore(_dir.Path);
        var imported = store.Load("prod2");
        Assert.Equal(("prod2", "production", "tcp://10.0.0.9:2376"), (imported.Name, imported.Description, imported.Host));
        Assert.Equal("-----BEGIN key.pem-----\n", File.ReadAllText(Path.Combine(imported.TlsDirectory!, "key.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(imported.TlsDirectory!, "key.pem")));

        cli = Cli();
        Assert.Equal(1, await cli.RunAsync("context", "import", "prod2", archive));
        Assert.Equal("context \"prod2\" already exists\n", cli.Err.ToString());
    }
}
