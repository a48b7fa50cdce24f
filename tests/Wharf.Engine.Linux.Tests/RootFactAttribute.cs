namespace Wharf.Engine.Linux.Tests;

/// <summary>A fact that needs root (device nodes, chown, trusted.* xattrs); skipped, with the reason, otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess) Skip = "needs root: creates device nodes, changes owners or sets trusted.* xattrs";
    }
}
