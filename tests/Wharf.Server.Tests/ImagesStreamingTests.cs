using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Wharf.Engine;
using Wharf.Engine.Images;

namespace Wharf.Server.Tests;

public sealed class ImagesStreamingTests : IAsyncLifetime
{
    TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    static async IAsyncEnumerable<ImageProgress> Progress(IEnumerable<Func<ImageProgress>> steps, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var step in steps)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return step();
        }
    }

    static StreamContent Tar(byte[] bytes)
    {
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/x-tar");
        return content;
    }

    [Fact]
    public async Task Load_streams_crlf_terminated_messages_and_reads_the_body()
    {
        byte[]? received = null;
        bool? quiet = null;
        _app.Images.OnLoad = (body, q, ct) =>
        {
            quiet = q;
            return Read(body, ct);

            async IAsyncEnumerable<ImageProgress> Read(Stream s, [EnumeratorCancellation] CancellationToken c = default)
            {
                using var copy = new MemoryStream();
                await s.CopyToAsync(copy, c);
                received = copy.ToArray();
                yield return new ImageProgress(Id: "ea424e46a073", Status: "Loading layer", Current: 512, Total: 1024);
                yield return new ImageProgress(Stream: "Loaded image: gtcap-commit:v1\n");
            }
        };
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/v1.41/images/load?quiet=1", Tar([1, 2, 3, 4]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(
            "{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":512,\"total\":1024},\"id\":\"ea424e46a073\"}\r\n" +
            // GT 067
            "{\"stream\":\"Loaded image: gtcap-commit:v1\\n\"}\r\n", body);
        Assert.Equal([1, 2, 3, 4], received);
        Assert.True(quiet);
    }

    [Fact]
    public async Task Load_failing_before_the_first_message_is_a_real_http_error()
    {
        _app.Images.OnLoad = (_, _, ct) => Progress([() => throw EngineException.Invalid("invalid tar header")], ct);
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/images/load", Tar([0]));
        Wire.AssertError(response, body, 400, "invalid tar header");
    }

    [Fact]
    public async Task Load_failing_later_ends_with_an_error_detail_message()
    {
        _app.Images.OnLoad = (_, _, ct) => Progress(
        [
            () => new ImageProgress(Stream: "Loaded image: a:1\n"),
            () => throw new IOException("no space left on device"),
        ], ct);
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/images/load?quiet=0", Tar([0]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "{\"stream\":\"Loaded image: a:1\\n\"}\r\n" +
            "{\"errorDetail\":{\"message\":\"no space left on device\"},\"error\":\"no space left on device\"}\r\n", body);
    }

    [Fact]
    public async Task Load_with_no_messages_is_an_empty_200()
    {
        bool? quiet = null;
        _app.Images.OnLoad = (_, q, ct) => { quiet = q; return Progress([], ct); };
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/images/load", Tar([0]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", body);
        Assert.False(quiet);
    }

    sealed class FakeArchive(byte[] bytes) : IImageArchive
    {
        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }

        public async Task WriteToAsync(Stream output, CancellationToken ct)
        {
            // Two writes, as a real archive arrives in pieces.
            await output.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), ct);
            await output.FlushAsync(ct);
            await output.WriteAsync(bytes.AsMemory(bytes.Length / 2), ct);
        }
    }

    [Fact]
    public async Task Save_resolves_repeated_names_then_streams_a_tar()
    {
        IReadOnlyList<string>? names = null;
        var tar = Encoding.ASCII.GetBytes("pretend-this-is-a-tarball");
        var archive = new FakeArchive(tar);
        _app.Images.OnExport = n => { names = n; return Task.FromResult<IImageArchive>(archive); };
        using var response = await _app.Client.GetAsync("/v1.41/images/get?names=gtcap-commit%3Av1&names=busybox");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.Equal("application/x-tar", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(tar, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["gtcap-commit:v1", "busybox"], names);
        Assert.True(archive.Disposed, "the archive must release its blobs once written");
    }

    [Fact]
    public async Task Save_of_one_image_by_path()
    {
        IReadOnlyList<string>? names = null;
        _app.Images.OnExport = n => { names = n; return Task.FromResult<IImageArchive>(new FakeArchive([1, 2])); };
        using var response = await _app.Client.GetAsync("/images/127.0.0.1:5000/a/b:1/get");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([1, 2], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["127.0.0.1:5000/a/b:1"], names);
    }

    [Fact]
    public async Task Save_of_an_unknown_name_is_a_404_before_any_byte()
    {
        _app.Images.OnExport = n => throw EngineException.NotFound($"reference does not exist: {n[0]}");
        var (response, body) = await _app.GetAsync("/images/get?names=nope");
        Wire.AssertError(response, body, 404, "reference does not exist: nope");
    }

    [Fact]
    public async Task Import_sends_one_status_message_with_the_new_id()
    {
        ImageImportRequest? seen = null;
        byte[]? received = null;
        _app.Images.OnImport = async (body, request) =>
        {
            seen = request;
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy);
            received = copy.ToArray();
            return Digest.Parse("sha256:79d8d815fd45590e9647cd173e804f1f41c4ceea3ababdddb52a457a0ccb08ee");
        };
        var content = new StreamContent(new MemoryStream([9, 8, 7]));
        content.Headers.ContentType = new("text/plain");
        var (response, body) = await _app.SendAsync(HttpMethod.Post,
            "/v1.41/images/create?changes=CMD+%5B%22sh%22%5D&changes=LABEL+gtcap%3D1&fromSrc=-&message=imported&repo=gtcap-import%3A1", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        // GT 069
        Assert.Equal("{\"status\":\"sha256:79d8d815fd45590e9647cd173e804f1f41c4ceea3ababdddb52a457a0ccb08ee\"}\r\n", body);
        Assert.Equal([9, 8, 7], received);
        Assert.Equal("gtcap-import", seen!.Repository);
        Assert.Equal("1", seen.Tag);
        Assert.Equal(["CMD [\"sh\"]", "LABEL gtcap=1"], seen.Changes);
        Assert.Equal("imported", seen.Message);
        Assert.Null(seen.Platform);
    }

    [Fact]
    public async Task Import_without_a_repository_and_with_a_platform()
    {
        ImageImportRequest? seen = null;
        _app.Images.OnImport = (_, r) => { seen = r; return Task.FromResult(Digest.Parse(Samples.BusyboxId)); };
        var (response, _) = await _app.SendAsync(HttpMethod.Post, "/images/create?fromSrc=-&platform=linux%2Famd64", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(seen!.Repository);
        Assert.Null(seen.Tag);
        Assert.Empty(seen.Changes);
        Assert.Equal("linux/amd64", seen.Platform);
    }

    [Fact]
    public async Task Import_failing_is_a_real_http_error()
    {
        _app.Images.OnImport = (_, _) => throw EngineException.Invalid("archive/tar: invalid tar header");
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/images/create?fromSrc=-", new ByteArrayContent([1]));
        Wire.AssertError(response, body, 400, "archive/tar: invalid tar header");
    }

    [Fact]
    public async Task Create_needs_fromSrc_or_fromImage()
    {
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/images/create");
        Wire.AssertError(response, body, 400, "either fromImage or fromSrc must be given");
    }

    [Fact]
    public async Task Import_from_a_url_is_not_implemented_yet()
    {
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/images/create?fromSrc=http%3A%2F%2Fexample.test%2Froot.tar");
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains("fromSrc=http://example.test/root.tar", body, StringComparison.Ordinal);
        Assert.Contains("is not implemented in Wharf yet", body, StringComparison.Ordinal);
    }
}
