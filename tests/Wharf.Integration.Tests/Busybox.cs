using Wharf.Api.Common;
using Wharf.Client;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests;

/// <summary>Shortcuts over the busybox rootfs tarball that most tests import.</summary>
internal static class Busybox
{
    /// <summary>Imports the rootfs (optionally as repo:tag, with Dockerfile-style changes) and returns the image id.</summary>
    public static async Task<string> ImportAsync(WharfClient client, string? repo, string? tag, params string[] changes)
    {
        await using var rootfs = File.OpenRead(await BusyboxRootfs.GetAsync());
        return await client.Images.ImportAsync(rootfs, repo, tag, changes);
    }

    /// <summary>The diff id the rootfs gets as a layer: the sha256 of the uncompressed tar.</summary>
    public static async Task<string> DiffIdAsync() => await DockerArchive.Sha256FileAsync(await BusyboxRootfs.GetAsync());

    public static async Task<List<JsonMessage>> LoadAsync(WharfClient client, string archivePath)
    {
        await using var archive = File.OpenRead(archivePath);
        var messages = new List<JsonMessage>();
        await foreach (var m in client.Images.LoadAsync(archive)) messages.Add(m);
        return messages;
    }
}
