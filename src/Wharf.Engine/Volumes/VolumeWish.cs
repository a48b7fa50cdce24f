namespace Wharf.Engine.Volumes;

/// <summary>A volume a container asks for at create: named (<see cref="Name"/>) or anonymous (null), with its mount options.</summary>
public sealed record VolumeWish
{
    public required string Destination { get; init; }
    /// <summary>Null for an anonymous volume.</summary>
    public string? Name { get; init; }
    public bool ReadWrite { get; init; } = true;
    public string Mode { get; init; } = "";
    /// <summary>Fill a new (empty) volume from the image on the first start (false with <c>nocopy</c>).</summary>
    public bool CopyUp { get; init; } = true;
    /// <summary>Used only when the volume is created for this mount.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string Driver { get; init; } = "";
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
}

/// <summary>What a container's create asks of the volume layer: its volumes, and the destinations binds and tmpfs already hold.</summary>
public sealed record VolumePlan(IReadOnlyList<VolumeWish> Volumes, IReadOnlySet<string> OtherDestinations);
