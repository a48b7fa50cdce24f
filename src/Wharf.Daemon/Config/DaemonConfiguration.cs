namespace Wharf.Daemon.Config;

/// <summary>The resolved options plus the daemon.json keys Wharf accepted but does not honour yet (each is logged once).</summary>
internal sealed record DaemonConfiguration(DaemonOptions Options, IReadOnlyList<string> UnhonouredKeys);
