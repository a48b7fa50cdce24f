using System.CommandLine;
using Wharf.Daemon.Config;
using Wharf.Daemon.Tls;

namespace Wharf.Daemon.Cli;

/// <summary>
/// <c>wharfd tls init DIR --san NAME…</c> (a CA, a server certificate and a client bundle) and
/// <c>wharfd tls client DIR --cn NAME --out PREFIX</c> (another client certificate from that CA). No openssl needed.
/// </summary>
internal static class TlsCli
{
    public const int DefaultDays = 365;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var root = new RootCommand("wharfd tls: make the certificates for mutual TLS (wharfd --tlsverify)")
        {
            InitCommand(stdout, stderr),
            ClientCommand(stdout, stderr),
        };
        // Our own root: the daemon's --version must not appear here.
        foreach (var builtIn in root.Options.OfType<VersionOption>().ToList()) root.Options.Remove(builtIn);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await stderr.WriteLineAsync($"wharfd tls: {parsed.Errors[0].Message} See 'wharfd tls --help'.");
            return 1;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, ct);
    }

    static Command InitCommand(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("DIR") { Description = "Directory to write ca.pem, ca-key.pem, server-cert.pem, server-key.pem, cert.pem and key.pem into" };
        var sans = new Option<string[]>("--san") { Description = "A DNS name or IP address clients use to reach the daemon (repeatable; default localhost and 127.0.0.1)", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var clientCn = new Option<string>("--client-cn") { Description = "Common name of the client certificate (default \"client\")", DefaultValueFactory = _ => "client" };
        var clientOu = new Option<string>("--client-ou") { Description = "Organizational unit of the client certificate (for the daemon's roles)" };
        var days = new Option<int>("--days") { Description = $"Validity in days (default {DefaultDays})", DefaultValueFactory = _ => DefaultDays };
        var force = new Option<bool>("--force") { Description = "Replace existing files (a new CA: clients with the old certificates are refused)" };
        var command = new Command("init", "Create a CA, a server certificate for the --san names and a client bundle") { dir, sans, clientCn, clientOu, days, force };
        command.SetAction(async (p, ct) =>
        {
            var directory = new TlsDirectory(p.GetValue(dir)!);
            var names = p.GetValue(sans) ?? [];
            var request = new TlsInitRequest(names.Length > 0 ? names : ["localhost", "127.0.0.1"], p.GetValue(clientCn)!, p.GetValue(clientOu), p.GetValue(days), p.GetValue(force));
            return await RunAsync(stderr, async () =>
            {
                directory.Init(request, DateTimeOffset.UtcNow);
                await stdout.WriteLineAsync($"Wrote {directory.Path}: {TlsDirectory.CaCert}, {TlsDirectory.CaKey}, {TlsDirectory.ServerCert}, {TlsDirectory.ServerKey}, {TlsDirectory.ClientCert}, {TlsDirectory.ClientKey}");
                await stdout.WriteLineAsync($"Daemon: wharfd --tlsverify --tlscacert {directory.File(TlsDirectory.CaCert)} --tlscert {directory.File(TlsDirectory.ServerCert)} --tlskey {directory.File(TlsDirectory.ServerKey)} -H tcp://0.0.0.0:{HostAddress.DefaultTlsPort}");
                await stdout.WriteLineAsync($"Client: copy {TlsDirectory.CaCert}, {TlsDirectory.ClientCert} and {TlsDirectory.ClientKey}, then DOCKER_CERT_PATH=DIR DOCKER_TLS_VERIFY=1 DOCKER_HOST=tcp://{request.Sans[0]}:{HostAddress.DefaultTlsPort}");
            });
        });
        return command;
    }

    static Command ClientCommand(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("DIR") { Description = "Directory holding ca.pem and ca-key.pem (from 'wharfd tls init')" };
        var cn = new Option<string>("--cn") { Description = "Common name: the client's identity", Required = true };
        var ou = new Option<string>("--ou") { Description = "Organizational unit (for the daemon's roles)" };
        var output = new Option<string>("--out") { Description = "Writes PREFIX-cert.pem and PREFIX-key.pem; a directory (trailing /) gets cert.pem, key.pem and ca.pem", Required = true };
        var days = new Option<int>("--days") { Description = $"Validity in days (default {DefaultDays})", DefaultValueFactory = _ => DefaultDays };
        var force = new Option<bool>("--force") { Description = "Replace existing files" };
        var command = new Command("client", "Issue another client certificate from the CA in DIR") { dir, cn, ou, output, days, force };
        command.SetAction(async (p, ct) => await RunAsync(stderr, async () =>
        {
            var (certFile, keyFile) = new TlsDirectory(p.GetValue(dir)!).IssueClient(
                p.GetValue(cn)!, p.GetValue(ou), p.GetValue(output)!, p.GetValue(days), p.GetValue(force), DateTimeOffset.UtcNow);
            await stdout.WriteLineAsync($"Wrote {certFile} and {keyFile}");
        }));
        return command;
    }

    static async Task<int> RunAsync(TextWriter stderr, Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (Exception e) when (e is DaemonStartupException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"wharfd tls: {e.Message}");
            return 1;
        }
    }
}
