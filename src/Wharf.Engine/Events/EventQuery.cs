using Wharf.Engine.Filters;

namespace Wharf.Engine.Events;

/// <summary>What a subscriber wants: replay from <see cref="Since"/>, stop at <see cref="Until"/>, and only events that pass the filters.</summary>
public sealed record EventQuery(DateTimeOffset? Since, DateTimeOffset? Until, FilterSet Filters);
