using Wharf.Testing.Daemon;

namespace Wharf.Engine.Linux.Tests.Networks;

/// <summary>
/// A network namespace kept by a bind mount under a temp dir (<c>unshare --net=FILE</c>), loopback up; disposing
/// unmounts it (the namespace goes once nothing holds it) and deletes the dir.
/// </summary>
internal sealed class TestNetworkNamespace : IAsyncDisposable
{
    readonly TempDir dir = new();

    TestNetworkNamespace() => Path = dir.Combine("net");

    public string Path { get; }

    public static async Task<TestNetworkNamespace> CreateAsync()
    {
        var ns = new TestNetworkNamespace();
        try
        {
            await File.WriteAllBytesAsync(ns.Path, []);
            await RunAsync("unshare", "--net=" + ns.Path, "true");
            await RunAsync("nsenter", "--net=" + ns.Path, "ip", "link", "set", "lo", "up");
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a command inside the namespace; throws with its output when it fails.</summary>
    public Task<string> RunInsideAsync(params string[] command) => RunAsync("nsenter", ["--net=" + Path, .. command]);

    static async Task<string> RunAsync(string file, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(file, args, timeout: TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {result}");
        return result.Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path)) await ProcessRunner.RunAsync("umount", [Path], timeout: TimeSpan.FromSeconds(30));
        dir.Dispose();
    }
}
