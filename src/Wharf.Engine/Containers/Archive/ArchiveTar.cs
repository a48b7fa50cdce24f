using System.Formats.Tar;

namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// Writes one path as tar as dockerd's archive endpoint does: the path itself under <c>name</c> and, for a directory,
/// everything below it as <c>name/...</c>, lexical order, links kept as links. Sockets are skipped (tar cannot hold them).
/// </summary>
internal static class ArchiveTar
{
    public static async Task WriteAsync(string hostPath, string name, bool isDirectory, Stream output, CancellationToken ct)
    {
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer)
        {
            if (!isDirectory)
            {
                await writer.WriteEntryAsync(hostPath, name, ct);
                return;
            }
            await writer.WriteEntryAsync(hostPath, name + "/", ct);
            await Observe.RootfsTar.WriteDirectoryAsync(writer, hostPath, name + "/", ct);
        }
    }
}
