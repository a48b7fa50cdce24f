using System.Formats.Tar;
using System.Text;

namespace Wharf.Engine.Linux.Tests.Layers;

/// <summary>Builds layer tars in memory for the applier tests.</summary>
internal sealed class TarBuilder
{
    public static readonly DateTimeOffset Time = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    readonly MemoryStream _stream = new();
    readonly TarWriter _writer;
    readonly TarEntryFormat _format;

    public TarBuilder(TarEntryFormat format = TarEntryFormat.Pax)
    {
        _format = format;
        _writer = new TarWriter(_stream, format, leaveOpen: true);
    }

    public TarBuilder Dir(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101, DateTimeOffset? time = null) =>
        Add(New(TarEntryType.Directory, name, mode, time));

    public TarBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100, DateTimeOffset? time = null,
                           int uid = 0, int gid = 0, IDictionary<string, string>? pax = null)
    {
        var entry = New(_format == TarEntryFormat.V7 ? TarEntryType.V7RegularFile : TarEntryType.RegularFile, name, mode, time, pax);
        entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        entry.Uid = uid;
        entry.Gid = gid;
        return Add(entry);
    }

    public TarBuilder Symlink(string name, string target, DateTimeOffset? time = null)
    {
        var entry = New(TarEntryType.SymbolicLink, name, (UnixFileMode)0b111_111_111, time);
        entry.LinkName = target;
        return Add(entry);
    }

    public TarBuilder Hardlink(string name, string target)
    {
        var entry = New(TarEntryType.HardLink, name, (UnixFileMode)0b110_100_100, null);
        entry.LinkName = target;
        return Add(entry);
    }

    public TarBuilder Device(TarEntryType type, string name, int major, int minor, UnixFileMode mode = (UnixFileMode)0b110_110_110)
    {
        var entry = (PosixTarEntry)New(type, name, mode, null);
        if (type != TarEntryType.Fifo)
        {
            entry.DeviceMajor = major;
            entry.DeviceMinor = minor;
        }
        return Add(entry);
    }

    public TarBuilder Add(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }

    public MemoryStream Build()
    {
        _writer.Dispose();
        _stream.Position = 0;
        return _stream;
    }

    TarEntry New(TarEntryType type, string name, UnixFileMode mode, DateTimeOffset? time, IDictionary<string, string>? pax = null)
    {
        TarEntry entry = _format switch
        {
            TarEntryFormat.Pax => pax is null ? new PaxTarEntry(type, name) : new PaxTarEntry(type, name, pax),
            TarEntryFormat.Gnu => new GnuTarEntry(type, name),
            TarEntryFormat.Ustar => new UstarTarEntry(type, name),
            _ => new V7TarEntry(type, name),
        };
        entry.Mode = mode;
        entry.ModificationTime = time ?? Time;
        return entry;
    }
}
