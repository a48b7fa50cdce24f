using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Remote;

/// <summary>
/// A user outside the socket's group, for real: wharf run as nobody (<c>setpriv --reuid=65534 --regid=65534 --clear-groups</c>)
/// against a real wharfd's socket. First the fixture's private directory stops it (search permission); once that directory is
/// traversable, the socket's 0660 does. The CLI's message and <c>wharf doctor</c> name the same socket, owner, group and fix.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DoctorPermissionTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>
{
    static string WharfDll => Path.Combine(AppContext.BaseDirectory, "wharf.dll");

    static Task<ProcessResult> AsNobodyAsync(params string[] args)
        => ProcessRunner.RunAsync("setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "--", Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet", WharfDll, .. args],
            new Dictionary<string, string?>
            {
                ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp", ["DOTNET_NOLOGO"] = "1",
                ["WHARF_HOST"] = null, ["DOCKER_HOST"] = null, ["WHARF_CONTEXT"] = null, ["DOCKER_CONTEXT"] = null,
            });

    static async Task<string> StatAsync(string format, string path)
        => (await ProcessRunner.RunAsync("stat", ["-c", format, path])).Stdout.Trim();

    [RootFact]
    public async Task A_user_outside_the_group_gets_the_precise_message_and_doctor_names_the_same_failure()
    {
        var socket = daemon.SocketPath;
        var root = Path.GetDirectoryName(socket)!;
        var before = File.GetUnixFileMode(root);
        try
        {
            // The fixture's directory is private (0700): nobody cannot even reach the socket.
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var blocked = await AsNobodyAsync("-H", $"unix://{socket}", "doctor");
            Assert.True(blocked.ExitCode == 1, blocked.ToString());
            Assert.Contains($"FAIL  access      {root} is root:root mode 0700 cannot be searched: you are nobody (uid 65534)\n", blocked.Stdout, StringComparison.Ordinal);
            Assert.EndsWith($"\nFix: let your user reach the socket: chmod o+x {root} (or run the command with sudo)\n", blocked.Stdout, StringComparison.Ordinal);

            File.SetUnixFileMode(root, before | UnixFileMode.OtherExecute);
            var (owner, group, mode) = (await StatAsync("%U", socket), await StatAsync("%G", socket), await StatAsync("%a", socket));
            Assert.Equal("660", mode);

            var ps = await AsNobodyAsync("-H", $"unix://{socket}", "ps");
            Assert.True(ps.ExitCode == 1, ps.ToString());
            Assert.Equal($"permission denied while trying to connect to the Wharf daemon socket at unix://{socket} (owned by {owner}:{group}, mode 0660). "
                + $"Add your user to the '{group}' group (sudo usermod -aG {group} $USER, then log in again) or run the command with sudo.\n", ps.Stderr);

            var doctor = await AsNobodyAsync("-H", $"unix://{socket}", "doctor");
            Assert.True(doctor.ExitCode == 1, doctor.ToString());
            Assert.Equal(
                $"ok    host        unix://{socket} (from flag -H)\n"
                + $"ok    socket      {socket} exists and is a socket\n"
                + $"FAIL  access      {socket} is {owner}:{group} mode 0660: you are nobody (uid 65534), so connecting is denied\n"
                + "skip  daemon      not tried: fix the failure above first\n"
                + "skip  api         needs an answering daemon\n"
                + "\n"
                + $"Fix: sudo usermod -aG {group} $USER, then log in again (or run the command with sudo)\n", doctor.Stdout);

            // And root, for whom everything is in order.
            var ok = await ProcessRunner.RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [WharfDll, "-H", $"unix://{socket}", "doctor"]);
            Assert.True(ok.ExitCode == 0, ok.ToString());
            Assert.Contains("ok    api         daemon 1.41 (minimum 1.24), this client speaks 1.24 to 1.41: using 1.41\n", ok.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(root, before);
        }
    }
}
