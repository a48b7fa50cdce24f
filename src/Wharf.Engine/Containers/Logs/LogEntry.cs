using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers.Logs;

/// <summary>One log line (a full line ends with <c>\n</c>; a trailing partial one does not), with the stream and the time it was written.</summary>
public sealed record LogEntry(StdStream Stream, DateTimeOffset Time, ReadOnlyMemory<byte> Data);
