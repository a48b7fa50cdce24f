using Wharf.Engine.Containers.Stats;

namespace Wharf.Engine.Containers.Observe;

/// <summary>How <c>GET /containers/{id}/stats</c> samples: <see cref="Stream"/> one per second; otherwise one, with a previous
/// sample taken about a second earlier unless <see cref="OneShot"/>.</summary>
public sealed record StatsRequest(bool Stream, bool OneShot);

/// <summary>The resolved container and its samples, read as the caller enumerates.</summary>
public sealed record ContainerStatsFeed(ContainerId Id, string Name, IAsyncEnumerable<StatsSample> Samples);

/// <summary>
/// One sample: <see cref="Current"/> is null when the container is not running (dockerd then sends only its name and id);
/// <see cref="Previous"/> is the reading before it (null for the first of a stream or a one-shot).
/// </summary>
public sealed record StatsSample(CgroupStats? Current, CgroupStats? Previous);
