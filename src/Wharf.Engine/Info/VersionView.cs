namespace Wharf.Engine.Info;

/// <summary>What <c>GET /version</c> reports about the engine and the components it runs.</summary>
public sealed record VersionView(
    string Version,
    string GitCommit,
    string BuildTime,
    string Os,
    string Arch,
    string KernelVersion,
    string RuntimeVersion,
    IReadOnlyList<ComponentVersion> Components);

/// <summary>One component in <c>Components</c>, e.g. runc or conmon.</summary>
public sealed record ComponentVersion(string Name, string Version, IReadOnlyDictionary<string, string> Details);
