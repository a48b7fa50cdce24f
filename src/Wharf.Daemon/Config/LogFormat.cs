namespace Wharf.Daemon.Config;

/// <summary>How the daemon writes its console log (<c>--log-format</c>).</summary>
internal enum LogFormat
{
    Text,
    Json,
}
