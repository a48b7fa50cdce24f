namespace Wharf.Engine.Info;

/// <summary>
/// What <c>GET /version</c> reports about the engine and the components it runs. <c>RuntimeVersion</c> is the .NET
/// runtime that runs the engine (Docker's <c>GoVersion</c>); <c>Components</c> are the OCI runtimes and conmon, and the
/// server puts the Engine component, with the API versions, in front of them.
/// </summary>
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
