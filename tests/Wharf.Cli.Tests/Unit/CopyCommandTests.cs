using System.Formats.Tar;
using System.Net;
using System.Text;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Unit;

public sealed class CopyCommandTests
{
    const uint GoDir = 1u << 31;

    static string StatHeader(string name, uint mode)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"name":"{{name}}","size":4096,"mode":{{mode}},"mtime":"2026-11-30T02:49:51Z","linkTarget":""}"""));

    /// <summary>A tar of a directory "d" holding "f" ("hi\n") and "sub/g".</summary>
    static byte[] DirectoryTar()
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "d/"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "d/f") { DataStream = new MemoryStream("hi\n"u8.ToArray()) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "d/sub/"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "d/sub/g") { DataStream = new MemoryStream("g\n"u8.ToArray()) });
        }
        return buffer.ToArray();
    }

    static FakeDaemon Daemon(byte[] tar) => new FakeDaemon()
        .On("GET /containers/c/archive", _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(tar) };
            response.Headers.Add("X-Docker-Container-Path-Stat", StatHeader("d", GoDir | 0x1ed));
            return response;
        })
        .On("HEAD /containers/c/archive", request =>
        {
            var response = new HttpResponseMessage(request.RequestUri!.Query.Contains("missing", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK);
            if (response.IsSuccessStatusCode) response.Headers.Add("X-Docker-Container-Path-Stat", StatHeader("dir", GoDir | 0x1ed));
            return response;
        })
        .On("PUT /containers/c/archive", _ => new HttpResponseMessage(HttpStatusCode.OK));

    static CliContext Context(FakeDaemon daemon, StringWriter err, Stream? stdin = null, Stream? stdout = null) =>
        new(new StringWriter(), err, _ => null, new Wharf.Cli.Hosts.ContextStore("/nonexistent-wharf-config"),
            _ => Wharf.Client.WharfClient.ForHandler(daemon, new Uri("http://fake"), Wharf.Api.ApiVersion.Current))
        {
            OpenStdin = () => stdin ?? Stream.Null,
            OpenStdout = () => stdout ?? Stream.Null,
        };

    [Fact]
    public async Task From_a_container_into_a_new_path_an_existing_directory_and_as_contents()
    {
        using var dir = new TempDirectory();
        var daemon = Daemon(DirectoryTar());
        var err = new StringWriter();
        using (var cli = Context(daemon, err))
        {
            Assert.Equal(0, await CliApp.RunAsync(cli, ["cp", "c:/srv/d", Path.Combine(dir.Path, "new")], CancellationToken.None));
            Assert.Equal(0, await CliApp.RunAsync(cli, ["cp", "c:/srv/d", dir.Path], CancellationToken.None));
            Directory.CreateDirectory(Path.Combine(dir.Path, "flat"));
            Assert.Equal(0, await CliApp.RunAsync(cli, ["cp", "c:/srv/d/.", Path.Combine(dir.Path, "flat")], CancellationToken.None));
        }
        Assert.Equal("", err.ToString());
        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(dir.Path, "new", "f")));
        Assert.Equal("g\n", File.ReadAllText(Path.Combine(dir.Path, "new", "sub", "g")));
        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(dir.Path, "d", "f")));
        Assert.Equal("g\n", File.ReadAllText(Path.Combine(dir.Path, "flat", "sub", "g")));
        Assert.Contains("GET /containers/c/archive?path=%2Fsrv%2Fd%2F.", daemon.Requests);
    }

    [Fact]
    public async Task Dash_streams_the_tar_to_stdout_and_from_stdin()
    {
        var tar = DirectoryTar();
        var daemon = Daemon(tar);
        using var stdout = new MemoryStream();
        var err = new StringWriter();
        using (var cli = Context(daemon, err, stdin: new MemoryStream(tar), stdout: stdout))
        {
            Assert.Equal(0, await CliApp.RunAsync(cli, ["cp", "c:/srv/d", "-"], CancellationToken.None));
            Assert.Equal(0, await CliApp.RunAsync(cli, ["cp", "-", "c:/dir"], CancellationToken.None));
            Assert.Equal(1, await CliApp.RunAsync(cli, ["cp", "-", "c:/missing"], CancellationToken.None));
        }
        Assert.Equal(tar, stdout.ToArray());
        Assert.Equal(tar, daemon.RawBodies.Single());
        Assert.Contains("PUT /containers/c/archive?noOverwriteDirNonDir=true&path=%2Fdir", daemon.Requests);
        Assert.Equal("destination \"c:/missing\" must be a directory\n", err.ToString());
    }

    [Fact]
    public async Task To_a_container_renames_the_top_entry_as_docker_does()
    {
        using var dir = new TempDirectory();
        var source = Path.Combine(dir.Path, "src");
        Directory.CreateDirectory(Path.Combine(source, "in"));
        File.WriteAllText(Path.Combine(source, "in", "x"), "x\n");
        var daemon = Daemon(DirectoryTar());
        var err = new StringWriter();
        using (var cli = Context(daemon, err))
        {
            // Into an existing directory: the entry keeps its name; to a new path: it takes the new name; -a keeps owners.
            Assert.Equal(0, await CliApp.RunAsync(cli, ["cp", source, "c:/dir"], CancellationToken.None));
            Assert.Equal(0, await CliApp.RunAsync(cli, ["cp", "-a", source, "c:/tmp/missing"], CancellationToken.None));
        }
        Assert.Equal("", err.ToString());
        Assert.Equal(["src", "src/in", "src/in/x"], await EntriesAsync(daemon.RawBodies[0]));
        Assert.Equal(["missing", "missing/in", "missing/in/x"], await EntriesAsync(daemon.RawBodies[1]));
        Assert.Contains("PUT /containers/c/archive?noOverwriteDirNonDir=true&path=%2Fdir", daemon.Requests);
        Assert.Contains("PUT /containers/c/archive?copyUIDGID=true&noOverwriteDirNonDir=true&path=%2Ftmp", daemon.Requests);
    }

    static async Task<List<string>> EntriesAsync(byte[] tar)
    {
        var names = new List<string>();
        await using var reader = new TarReader(new MemoryStream(tar));
        while (await reader.GetNextEntryAsync() is { } entry) names.Add(entry.Name.TrimEnd('/'));
        return names;
    }
}
