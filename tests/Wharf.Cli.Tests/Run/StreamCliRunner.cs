using System.Text;
using Wharf.Cli.Hosts;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Run;

/// <summary>
/// Runs the CLI in-process against a real daemon socket with byte streams for stdin, stdout and stderr (a container's
/// output goes there, not through the text writers), and its own empty config directory.
/// </summary>
internal sealed class StreamCliRunner(string socketPath) : IDisposable
{
    readonly TempDirectory _config = new();

    public Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunWithStdinAsync(null, args);

    public async Task<(int Code, string Out, string Err)> RunWithStdinAsync(string? stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        using var cli = new CliContext(output, error, _ => null, new ContextStore(_config.Path))
        {
            OpenStdin = () => new MemoryStream(Encoding.UTF8.GetBytes(stdin ?? "")),
            OpenStdout = () => new Unclosable(stdout),
            OpenStderr = () => new Unclosable(stderr),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var code = await CliApp.RunAsync(cli, ["-H", $"unix://{socketPath}", .. args], timeout.Token);
        return (code, output + Encoding.UTF8.GetString(stdout.ToArray()), error + Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public void Dispose() => _config.Dispose();

    /// <summary>Keeps the captured bytes readable after the CLI disposes its stream.</summary>
    sealed class Unclosable(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (inner) inner.Write(buffer, offset, count);
        }
    }
}
