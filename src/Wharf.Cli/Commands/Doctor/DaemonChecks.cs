using System.Globalization;
using Wharf.Api;
using Wharf.Cli.Hosts;
using Wharf.Client;

namespace Wharf.Cli.Commands.Doctor;

/// <summary>Whether the daemon answers <c>/_ping</c> (and how fast), and whether its API versions and ours overlap.</summary>
internal static class DaemonChecks
{
    public static async Task<List<DoctorCheck>> RunAsync(CliContext cli, Connection connection, CancellationToken ct)
    {
        var checks = new List<DoctorCheck>();
        string? header;
        var started = cli.Time.GetTimestamp();
        try
        {
            (_, header) = await cli.Client.PingWithVersionAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || e.InnerException is TimeoutException)
        {
            var message = ConnectionErrors.Describe(e, connection)
                ?? (e is WharfApiException api ? $"Error response from daemon: {api.Message}" : e.Message);
            checks.Add(DoctorCheck.Fail("daemon", $"/_ping: {message}", PingFix(e, connection)));
            checks.Add(DoctorCheck.Skip("api", "needs an answering daemon"));
            return checks;
        }
        var took = cli.Time.GetElapsedTime(started);
        checks.Add(DoctorCheck.Ok("daemon", $"/_ping answered OK in {took.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"));
        checks.Add(await ApiCheckAsync(cli, header, ct));
        return checks;
    }

    static async Task<DoctorCheck> ApiCheckAsync(CliContext cli, string? header, CancellationToken ct)
    {
        var ours = $"this client speaks {ApiVersion.Minimum} to {ApiVersion.Current}";
        // No header: a daemon older than the header itself, i.e. 1.24 at most (the Go client's assumption too).
        var max = header is null ? ApiVersion.Minimum : ApiVersion.TryParse(header, out var v) ? v.Value : (ApiVersion?)null;
        if (max is not ApiVersion daemonMax)
            return DoctorCheck.Fail("api", $"the daemon sent an invalid Api-Version header: {header}", "the daemon is not a Docker Engine API server: check the host");
        if (daemonMax < ApiVersion.Minimum)
            return DoctorCheck.Fail("api", $"the daemon speaks API {daemonMax} at most; {ours}",
                $"upgrade the daemon: its API {daemonMax} is older than {ApiVersion.Minimum}, the oldest this client speaks");
        ApiVersion? daemonMin = null;
        try
        {
            var version = await cli.Client.VersionAsync(ct);
            if (ApiVersion.TryParse(version.MinAPIVersion, out var min)) daemonMin = min;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return DoctorCheck.Fail("api", $"GET /version: {e.Message}; {ours}",
                "use a client that speaks the daemon's API (the daemon refused ours), or start the daemon with an older minimum API version");
        }
        if (daemonMin is ApiVersion dmin && dmin > ApiVersion.Current)
            return DoctorCheck.Fail("api", $"the daemon needs API {dmin} or later; {ours}", $"upgrade wharf: the daemon needs API {dmin}, this client speaks {ApiVersion.Current} at most");
        var used = daemonMax < ApiVersion.Current ? daemonMax : ApiVersion.Current;
        return DoctorCheck.Ok("api", $"daemon {daemonMax} (minimum {daemonMin?.ToString() ?? "unknown"}), {ours}: using {used}");
    }

    /// <summary>The fix for a daemon that does not answer, by transport and cause.</summary>
    static string PingFix(Exception e, Connection connection)
    {
        var host = connection.Host;
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is CommandConnectionException command)
            {
                return command.ExitCode switch
                {
                    null => "install the OpenSSH client (apt-get install openssh-client)",
                    127 => "install wharf on the remote host, on the PATH of non-interactive ssh sessions (see \"Over ssh\" in the README)",
                    255 => $"make ssh work on its own first: ssh {string.Join(' ', host.Ssh!.SshArguments().TakeWhile(a => a != "wharf"))} true",
                    _ => "start wharfd on the remote host (its own error is quoted above)",
                };
            }
            if (inner is global::System.Security.Authentication.AuthenticationException)
                return "fix the TLS settings (see the tls checks above): the daemon and this client must trust each other's certificates";
        }
        return host.Scheme switch
        {
            "unix" => SocketChecks.StartDaemonFix(host.Address),
            "ssh" => "check the ssh connection and the remote wharfd",
            _ => $"start wharfd on {host.Address} listening on tcp://0.0.0.0:{host.Port.ToString(CultureInfo.InvariantCulture)} (wharfd -H tcp://0.0.0.0:{host.Port.ToString(CultureInfo.InvariantCulture)} --tlsverify …), and check that the port is open on the way",
        };
    }
}
