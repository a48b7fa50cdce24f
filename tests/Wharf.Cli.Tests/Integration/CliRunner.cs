using Wharf.Cli.Hosts;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Integration;

/// <summary>Runs the CLI in-process against a real daemon socket, with its own empty config directory.</summary>
internal sealed class CliRunner(string socketPath) : IDisposable
{
    readonly TempDirectory _config = new();

    public async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var cli = new CliContext(output, error, _ => null, new ContextStore(_config.Path)) { OpenIn = () => new StringReader("y\n") };
        var code = await CliApp.RunAsync(cli, ["-H", $"unix://{socketPath}", .. args], CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose() => _config.Dispose();
}
