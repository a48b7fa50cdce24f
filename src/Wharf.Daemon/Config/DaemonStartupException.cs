namespace Wharf.Daemon.Config;

/// <summary>A reason wharfd cannot start; its message is printed as the one line on stderr before exit code 1.</summary>
internal sealed class DaemonStartupException(string message, Exception? inner = null) : Exception(message, inner);
