namespace Wharf.Server.Security;

/// <summary>
/// One audited request. <see cref="Outcome"/> is <c>ok</c> (below 400), <c>error</c>, <c>denied</c> (refused by the
/// policy; <see cref="Rule"/> says why) or <c>aborted</c> (the client left, or the stream broke after it started).
/// </summary>
internal sealed record AuditEntry(
    DateTimeOffset Time,
    Caller Caller,
    string Method,
    string Path,
    int Status,
    string Outcome,
    string? Rule,
    TimeSpan Duration);
