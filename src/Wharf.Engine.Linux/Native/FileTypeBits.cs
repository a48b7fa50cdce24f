namespace Wharf.Engine.Linux.Native;

/// <summary>The <c>S_IF*</c> file type bits of <c>st_mode</c>, for mknod.</summary>
internal static class FileTypeBits
{
    public const uint Fifo = 0x1000;       // S_IFIFO
    public const uint Character = 0x2000;  // S_IFCHR
    public const uint Block = 0x6000;      // S_IFBLK
}
