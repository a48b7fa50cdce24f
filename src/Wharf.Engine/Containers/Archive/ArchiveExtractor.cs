using System.Formats.Tar;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// Extracts a tar into a directory of a container's root. Every entry's parent is resolved inside the root (a link in the
/// tar, or already in the container, leads somewhere inside the root, never out of it); entries that climb above the
/// extraction point are refused. Owners are the tar's with <c>copyUIDGID</c>, else root's (the daemon's own).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class ArchiveExtractor
{
    readonly string _root;
    readonly string _destination;
    readonly ExtractOptions _options;
    readonly IProcessRunner _processes;
    readonly Func<string, string?> _readLink;
    readonly List<(string Path, DateTimeOffset Mtime)> _directories = [];
    readonly Dictionary<(int Uid, int Gid), List<string>> _owners = [];

    public ArchiveExtractor(string root, string destination, ExtractOptions options, IProcessRunner processes)
    {
        _root = root;
        _destination = destination;
        _options = options;
        _processes = processes;
        _readLink = ScopedPath.LinkReader(root);
    }

    public async Task ExtractAsync(Stream tar, CancellationToken ct)
    {
        var counted = new CountingStream(tar);
        var reader = new TarReader(counted, leaveOpen: true);
        await using (reader)
        {
            while (true)
            {
                TarEntry? entry;
                try
                {
                    entry = await reader.GetNextEntryAsync(copyData: false, ct);
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
                {
                    throw ArchiveErrors.BadTar("unexpected EOF");
                }
                if (entry is null) break;
                await ExtractEntryAsync(entry, ct);
            }
        }
        // A body that is not even one tar block is no archive (tar's own words for it).
        if (counted.Count is > 0 and < 512) throw ArchiveErrors.BadTar("unexpected EOF");
        for (var i = _directories.Count - 1; i >= 0; i--)
            Directory.SetLastWriteTimeUtc(_directories[i].Path, _directories[i].Mtime.UtcDateTime);
        await ChownAsync(ct);
    }

    async Task ExtractEntryAsync(TarEntry entry, CancellationToken ct)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes
            or TarEntryType.LongPath or TarEntryType.LongLink) return;
        var parts = ScopedPath.RelativeParts(entry.Name)
                    ?? throw ArchiveErrors.BadTar($"\"{entry.Name}\" is outside of \"{_destination}\"");
        var isDirectory = entry.EntryType == TarEntryType.Directory;
        if (parts.Count == 0)
        {
            // "./": the extraction point itself, which exists.
            if (isDirectory) return;
            throw ArchiveErrors.BadTar($"\"{entry.Name}\" is outside of \"{_destination}\"");
        }
        var parent = ScopedPath.Resolve(_destination + "/" + string.Join('/', parts.Take(parts.Count - 1)), _readLink, followFinal: true);
        var hostParent = ScopedPath.HostPath(_root, parent);
        Directory.CreateDirectory(hostParent);
        var target = Path.Combine(hostParent, parts[^1]);
        var existing = new FileInfo(target);
        var existingIsLink = existing.LinkTarget is not null;
        var existingIsDir = !existingIsLink && Directory.Exists(target);
        var exists = existingIsLink || existingIsDir || existing.Exists;
        if (exists)
        {
            var shown = parent == "/" ? "/" + parts[^1] : parent + "/" + parts[^1];
            if (_options.NoOverwriteDirNonDir && existingIsDir && !isDirectory) throw ArchiveErrors.DirWithNonDir(shown, entry.Name);
            if (_options.NoOverwriteDirNonDir && !existingIsDir && isDirectory) throw ArchiveErrors.NonDirWithDir(shown, entry.Name);
            if (existingIsDir && !isDirectory) Directory.Delete(target, recursive: true);
            else if (!existingIsDir) File.Delete(target);
        }

        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(target);
                File.SetUnixFileMode(target, entry.Mode);
                _directories.Add((target, entry.ModificationTime));
                break;
            case TarEntryType.SymbolicLink:
                File.CreateSymbolicLink(target, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                await CopyHardLinkAsync(entry, target, ct);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                or TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                await entry.ExtractToFileAsync(target, overwrite: false, ct);
                File.SetUnixFileMode(target, entry.Mode);
                File.SetLastWriteTimeUtc(target, entry.ModificationTime.UtcDateTime);
                break;
            default:
                return; // Sparse and other exotic entries: nothing dockerd's clients send.
        }
        if (_options.CopyUidGid)
        {
            var key = (entry.Uid, entry.Gid);
            if (!_owners.TryGetValue(key, out var paths)) _owners[key] = paths = [];
            paths.Add(target);
        }
    }

    /// <summary>
    /// A hard link whose target is resolved inside the root like any path (never outside it); the BCL cannot make hard
    /// links, so the target's content is copied, which reads the same inside the container.
    /// </summary>
    async Task CopyHardLinkAsync(TarEntry entry, string target, CancellationToken ct)
    {
        var parts = ScopedPath.RelativeParts(entry.LinkName) ?? throw ArchiveErrors.Breakout(entry.LinkName);
        var source = ScopedPath.Resolve(_destination + "/" + string.Join('/', parts), _readLink, followFinal: true);
        var hostSource = ScopedPath.HostPath(_root, source);
        if (!File.Exists(hostSource)) throw ArchiveErrors.Breakout(entry.LinkName);
        await using var from = File.OpenRead(hostSource);
        await using var to = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
        await from.CopyToAsync(to, ct);
        File.SetUnixFileMode(target, File.GetUnixFileMode(hostSource));
    }

    async Task ChownAsync(CancellationToken ct)
    {
        foreach (var ((uid, gid), paths) in _owners)
        {
            foreach (var chunk in paths.Chunk(200))
            {
                var result = await _processes.RunAsync(new ProcessSpec("chown", ["-h", $"{uid}:{gid}", "--", .. chunk]), ct);
                if (!result.Succeeded) throw new EngineException(ErrorKind.Internal, "chown: " + result.StandardError.Trim());
            }
        }
    }
}
