using Xunit;

namespace Wharf.Testing.Daemon;

/// <summary>A fact that needs root (a real wharfd mounts, chowns and makes device nodes); skipped with the reason otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
            Skip = "needs root: a real wharfd unpacks layers with their owners and device nodes (run the tests as root, e.g. via .ci/run)";
    }
}
