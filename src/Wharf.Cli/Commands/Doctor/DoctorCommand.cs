using System.CommandLine;
using Wharf.Cli.Hosts;

namespace Wharf.Cli.Commands.Doctor;

/// <summary>
/// <c>wharf doctor</c>: checks, in order, the host wharf would use and why; for a unix socket, that it exists, is a socket
/// and lets this user in; for TCP with TLS, the certificate files and the daemon's chain; that the daemon answers
/// <c>/_ping</c>; that the API versions overlap. Each check prints ok, warn, FAIL or skip; the fix of the first failure
/// follows; the exit status is 1 when anything failed.
/// </summary>
internal static class DoctorCommand
{
    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static Command Create(CliContext cli)
    {
        var cmd = new Command("doctor", "Diagnose the connection to the daemon: host, socket access, TLS files, ping and API versions");
        cmd.SetAction((_, ct) => RunAsync(cli, DoctorSystem.Real, ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, DoctorSystem system, CancellationToken ct)
    {
        var checks = new List<DoctorCheck>();
        Connection connection;
        try
        {
            connection = cli.Connection;
        }
        catch (CliException e)
        {
            checks.Add(DoctorCheck.Fail("host", e.Message, "fix the host setting it names (-H, WHARF_HOST, DOCKER_HOST, --context or the current context)"));
            return Print(cli, checks);
        }
        checks.Add(DoctorCheck.Ok("host", $"{connection.Host} (from {connection.Source})"));

        var blocked = false;
        switch (connection.Host.Scheme)
        {
            case "unix":
                foreach (var check in SocketChecks.Run(connection.Host.Address, system))
                {
                    checks.Add(check);
                    blocked |= check.Status == CheckStatus.Fail;
                }
                break;
            case "ssh":
                if (system.FindProgram("ssh") is { } ssh) checks.Add(DoctorCheck.Ok("ssh", $"{ssh}, running: ssh {string.Join(' ', connection.Host.Ssh!.SshArguments())}"));
                else
                {
                    checks.Add(DoctorCheck.Fail("ssh", "no ssh on PATH", "install the OpenSSH client (apt-get install openssh-client)"));
                    blocked = true;
                }
                break;
            default:
                if (connection.Tls is { } tls)
                {
                    foreach (var check in await TlsChecks.RunAsync(connection, tls, system, cli.Time, ConnectTimeout, ct))
                    {
                        checks.Add(check);
                        blocked |= check.Status == CheckStatus.Fail;
                    }
                }
                else
                {
                    checks.Add(DoctorCheck.Warn("tls", "plain TCP: anyone who can reach the port has root on the daemon's host; use --tlsverify"));
                }
                break;
        }

        if (blocked)
        {
            checks.Add(DoctorCheck.Skip("daemon", "not tried: fix the failure above first"));
            checks.Add(DoctorCheck.Skip("api", "needs an answering daemon"));
        }
        else
        {
            checks.AddRange(await DaemonChecks.RunAsync(cli, connection, ct));
        }
        return Print(cli, checks);
    }

    static int Print(CliContext cli, List<DoctorCheck> checks)
    {
        foreach (var check in checks)
            cli.Out.WriteLine($"{check.Label,-5} {check.Name,-11} {check.Detail}");
        var failure = checks.FirstOrDefault(c => c.Status == CheckStatus.Fail);
        if (failure is null) return 0;
        cli.Out.WriteLine();
        cli.Out.WriteLine($"Fix: {failure.Fix}");
        return 1;
    }
}
