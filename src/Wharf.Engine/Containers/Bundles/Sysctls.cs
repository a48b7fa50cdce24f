namespace Wharf.Engine.Containers.Bundles;

/// <summary>Which sysctls a container may set: only namespaced ones, and <c>net.*</c> only in its own network namespace (runc's rules and wording).</summary>
internal static class Sysctls
{
    static readonly HashSet<string> IpcKeys =
        ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"];

    public static void Validate(IReadOnlyDictionary<string, string> sysctls, bool hostNetwork, bool hostIpc, bool hostUts)
    {
        foreach (var key in sysctls.Keys)
        {
            if (IpcKeys.Contains(key) || key.StartsWith("fs.mqueue.", StringComparison.Ordinal))
            {
                if (hostIpc) throw EngineException.Invalid($"sysctl \"{key}\" not allowed in host ipc namespace");
                continue;
            }
            if (key.StartsWith("net.", StringComparison.Ordinal))
            {
                if (hostNetwork) throw EngineException.Invalid($"sysctl \"{key}\" not allowed in host network namespace");
                continue;
            }
            if (key is "kernel.domainname" or "kernel.hostname")
            {
                if (hostUts) throw EngineException.Invalid($"sysctl \"{key}\" not allowed in host UTS namespace");
                continue;
            }
            throw EngineException.Invalid($"sysctl \"{key}\" is not in a separate kernel namespace");
        }
    }
}
