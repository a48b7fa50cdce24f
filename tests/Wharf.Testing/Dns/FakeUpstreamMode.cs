namespace Wharf.Testing.Dns;

/// <summary>How a <see cref="FakeDnsUpstream"/> behaves.</summary>
public enum FakeUpstreamMode
{
    /// <summary>Answers every A question with <see cref="FakeDnsUpstream.Address"/>.</summary>
    Answer,
    /// <summary>Reads queries and never answers (a dead server).</summary>
    Silent,
    /// <summary>Answers SERVFAIL.</summary>
    ServerFailure,
    /// <summary>Answers over UDP with TC set and no records; the whole answer only over TCP.</summary>
    TruncateUdp,
}
