using System.Formats.Tar;
using Wharf.Engine;
using Wharf.Engine.Images;

namespace Wharf.Testing;

/// <summary>
/// An <see cref="ILayerApplier"/> for unprivileged tests: extracts regular files and directories with
/// System.Formats.Tar, skips everything else, refuses paths that would leave the target. Size = bytes of regular files.
/// </summary>
public sealed class FakeLayerApplier : ILayerApplier
{
    /// <summary>How many layers were applied, to prove a shared layer is unpacked once.</summary>
    public int Applied { get; private set; }

    /// <summary>When set, thrown instead of applying (to test failure paths).</summary>
    public Exception? FailWith { get; set; }

    public async Task<long> ApplyAsync(Stream tar, string targetDir, CancellationToken ct)
    {
        if (FailWith is not null) throw FailWith;
        var root = Path.GetFullPath(targetDir).TrimEnd('/') + "/";
        long size = 0;
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            var path = Path.GetFullPath(Path.Combine(root, entry.Name.TrimStart('/')));
            if (!path.StartsWith(root, StringComparison.Ordinal) && path + "/" != root)
                throw new EngineException(ErrorKind.InvalidArgument, $"invalid tar entry {entry.Name}: path escapes the layer");
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await using (var file = File.Create(path))
                        if (entry.DataStream is { } data) await data.CopyToAsync(file, ct);
                    size += entry.Length;
                    break;
            }
        }
        Applied++;
        return size;
    }
}
