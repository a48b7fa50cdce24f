namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// Go's <c>os.FileMode</c>, which dockerd puts in the path stat header: the permission bits, with the file type and the
/// setuid/setgid/sticky bits moved to Go's own high bits (a directory 0755 is <c>0x800001ED</c>, not <c>040755</c>).
/// </summary>
public static class GoFileMode
{
    public const uint Dir = 1u << 31;
    public const uint Symlink = 1u << 27;
    public const uint Device = 1u << 26;
    public const uint NamedPipe = 1u << 25;
    public const uint Socket = 1u << 24;
    public const uint Setuid = 1u << 23;
    public const uint Setgid = 1u << 22;
    public const uint CharDevice = 1u << 21;
    public const uint Sticky = 1u << 20;

    /// <summary>Go's <c>fillFileStatFromSys</c>: a POSIX <c>st_mode</c> (type and permission bits) as an <c>os.FileMode</c>.</summary>
    public static uint FromUnix(uint stMode)
    {
        var mode = stMode & 0x1FF;
        mode |= (stMode & 0xF000) switch
        {
            0x6000 => Device,
            0x2000 => Device | CharDevice,
            0x4000 => Dir,
            0x1000 => NamedPipe,
            0xA000 => Symlink,
            0xC000 => Socket,
            _ => 0,
        };
        if ((stMode & 0x800) != 0) mode |= Setuid;
        if ((stMode & 0x400) != 0) mode |= Setgid;
        if ((stMode & 0x200) != 0) mode |= Sticky;
        return mode;
    }
}
