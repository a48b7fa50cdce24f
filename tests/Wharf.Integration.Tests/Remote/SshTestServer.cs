using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Remote;

/// <summary>
/// A private OpenSSH server on 127.0.0.1 and a client set-up for it, all in one temp directory: a host key and a client key
/// made with ssh-keygen, <c>sshd -D -e -f</c> with its own config (root by key only, <c>SetEnv PATH=</c> the directory's
/// <c>bin</c>, where <c>wharf</c> runs the wharf.dll under test and <c>docker</c> links to it), and in <c>bin</c> an <c>ssh</c>
/// that adds <c>-F</c> with a config for the host alias <see cref="Alias"/> (key, port, known_hosts, BatchMode): ssh reads
/// the user's config from the passwd home, not $HOME, so a PATH entry is how a test points both wharf and the docker CLI
/// at it without touching root's ~/.ssh. Dispose stops sshd by its pid and deletes the directory.
/// </summary>
internal sealed class SshTestServer : IAsyncDisposable
{
    const string PrivsepDirectory = "/run/sshd";

    readonly DirectoryInfo _dir;
    readonly Process _sshd;
    readonly StringBuilder _log = new();
    readonly bool _madePrivsep;

    SshTestServer(DirectoryInfo dir, Process sshd, int port, string alias, bool madePrivsep)
    {
        _dir = dir;
        _sshd = sshd;
        Port = port;
        Alias = alias;
        _madePrivsep = madePrivsep;
    }

    /// <summary>The OpenSSH server (Debian's openssh-server; scripts/prereqs.sh installs it, never enables it).</summary>
    public const string SshdPath = "/usr/sbin/sshd";

    public int Port { get; }

    /// <summary>The host name in ssh://root@ALIAS URLs: a Host block of our ssh config (unique per server, to find leftovers).</summary>
    public string Alias { get; }

    /// <summary>The directory to put first on PATH: ssh (with our config), wharf and docker.</summary>
    public string BinDirectory => Path.Combine(_dir.FullName, "bin");

    /// <summary>What sshd logged, for failure messages.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static async Task<SshTestServer> StartAsync(string wharfDll)
    {
        var dir = Directory.CreateTempSubdirectory("wharf-ssh-");
        var madePrivsep = false;
        try
        {
            var d = dir.FullName;
            foreach (var key in (string[])["host_key", "client_key"])
                Ok(await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "wharf-test", "-f", Path.Combine(d, key)]));
            File.Copy(Path.Combine(d, "client_key.pub"), Path.Combine(d, "authorized_keys"));
            var bin = Directory.CreateDirectory(Path.Combine(d, "bin")).FullName;
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "/usr/bin/dotnet";
            WriteScript(Path.Combine(bin, "wharf"), $"#!/bin/sh\nexec {dotnet} {wharfDll} \"$@\"\n");
            // What README's "Over ssh" tells server admins to do for the docker CLI's -H ssh://.
            File.CreateSymbolicLink(Path.Combine(bin, "docker"), "wharf");

            var port = FreePort();
            var alias = "wharf-ssh-" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()));
            File.WriteAllText(Path.Combine(d, "sshd_config"), $"""
                Port {port}
                ListenAddress 127.0.0.1
                HostKey {d}/host_key
                PidFile {d}/sshd.pid
                AuthorizedKeysFile {d}/authorized_keys
                StrictModes no
                PermitRootLogin prohibit-password
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                SetEnv PATH={bin}:/usr/local/bin:/usr/bin:/bin
                """ + "\n");
            File.WriteAllText(Path.Combine(d, "ssh_config"), $"""
                Host {alias}
                  HostName 127.0.0.1
                  Port {port}
                  IdentityFile {d}/client_key
                  IdentitiesOnly yes
                  UserKnownHostsFile {d}/known_hosts
                  StrictHostKeyChecking yes
                  BatchMode yes
                """ + "\n");
            File.WriteAllText(Path.Combine(d, "known_hosts"), $"[127.0.0.1]:{port} {File.ReadAllText(Path.Combine(d, "host_key.pub")).Trim()}\n");
            WriteScript(Path.Combine(bin, "ssh"), $"#!/bin/sh\nexec /usr/bin/ssh -F {d}/ssh_config \"$@\"\n");

            // sshd refuses to start without its privilege-separation directory (the package's unit normally makes it).
            if (!Directory.Exists(PrivsepDirectory))
            {
                Directory.CreateDirectory(PrivsepDirectory);
                madePrivsep = true;
            }
            var start = new ProcessStartInfo(SshdPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])["-D", "-e", "-f", Path.Combine(d, "sshd_config")]) start.ArgumentList.Add(a);
            var sshd = Process.Start(start) ?? throw new InvalidOperationException("could not start sshd");
            var server = new SshTestServer(dir, sshd, port, alias, madePrivsep);
            sshd.OutputDataReceived += (_, e) => server.Append(e.Data);
            sshd.ErrorDataReceived += (_, e) => server.Append(e.Data);
            sshd.BeginOutputReadLine();
            sshd.BeginErrorReadLine();
            await server.WaitListeningAsync();
            return server;
        }
        catch
        {
            if (madePrivsep) TryDelete(PrivsepDirectory);
            dir.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The environment for a client process: our bin first on PATH.</summary>
    public Dictionary<string, string?> ClientEnvironment() => new()
    {
        ["PATH"] = $"{BinDirectory}:{Environment.GetEnvironmentVariable("PATH")}",
        ["WHARF_HOST"] = null, ["DOCKER_HOST"] = null, ["WHARF_CONTEXT"] = null, ["DOCKER_CONTEXT"] = null,
    };

    /// <summary>The pids of ssh clients still running for our alias (a leftover session is a bug).</summary>
    public IReadOnlyList<int> LiveSshClients()
    {
        var pids = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
                if (cmdline.Length == 0 || Path.GetFileName(cmdline[0]) != "ssh" || !cmdline.Contains(Alias)) continue;
                // A zombie has ended; only its parent's (or init's) reaping is left.
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) continue;
                pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_sshd.HasExited) throw new InvalidOperationException($"sshd exited with {_sshd.ExitCode}:\n{Log}");
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_sshd.HasExited)
            {
                // The listener only: sessions are over once the commands that opened them have ended.
                _sshd.Kill();
                await _sshd.WaitForExitAsync();
            }
            _sshd.Dispose();
        }
        finally
        {
            if (_madePrivsep) TryDelete(PrivsepDirectory);
            try { _dir.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    static void TryDelete(string emptyDirectory)
    {
        try { Directory.Delete(emptyDirectory); }
        catch (IOException) { }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    static void Ok(ProcessResult r)
    {
        if (r.ExitCode != 0) throw new InvalidOperationException(r.ToString());
    }
}
