using System.Security.Cryptography;

namespace Wharf.Engine.Containers;

/// <summary>A container's 64-hex identity; exec sessions use the same shape.</summary>
public readonly record struct ContainerId
{
    public string Value { get; }

    ContainerId(string value) => Value = value;

    public static ContainerId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    public static bool TryParse(string? s, out ContainerId id)
    {
        var ok = s is { Length: 64 } && s.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
        id = ok ? new ContainerId(s!) : default;
        return ok;
    }

    public static ContainerId Parse(string s) =>
        TryParse(s, out var id) ? id : throw EngineException.Invalid($"invalid container id: {s}");

    /// <summary>The first 12 characters, as Docker shows ids.</summary>
    public string Short => Value[..12];

    public override string ToString() => Value;
}
