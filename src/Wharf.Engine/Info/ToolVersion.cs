namespace Wharf.Engine.Info;

/// <summary>What <c>runc --version</c> and its kin print: <c>1.1.5+ds1</c> and <c>commit: 1.1.5+ds1-1+deb12u1</c>.</summary>
public sealed record ToolVersion(string Version, string Commit);
