namespace Wharf.Engine.Containers.Observe;

/// <summary>The answer of <c>docker top</c>: ps's column titles and the container's rows, every cell as ps printed it.</summary>
public sealed record ContainerTop(IReadOnlyList<string> Titles, IReadOnlyList<IReadOnlyList<string>> Processes);
