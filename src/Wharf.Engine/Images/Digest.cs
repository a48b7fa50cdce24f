using System.Security.Cryptography;

namespace Wharf.Engine.Images;

/// <summary>A content digest such as <c>sha256:…</c>; only sha256 is produced, sha256 and sha512 are parsed.</summary>
public readonly record struct Digest
{
    public string Algorithm { get; }
    public string Hex { get; }

    Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public static Digest Sha256(string hex) =>
        TryParse("sha256:" + hex, out var d) ? d : throw EngineException.Invalid($"invalid checksum digest format: sha256:{hex}");

    public static Digest Of(ReadOnlySpan<byte> content) => new("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));

    public static Digest Parse(string s) =>
        TryParse(s, out var d) ? d : throw EngineException.Invalid($"invalid checksum digest format: {s}");

    public static bool TryParse(string? s, out Digest digest)
    {
        digest = default;
        if (s is null) return false;
        var colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false;
        var alg = s[..colon];
        var hex = s[(colon + 1)..];
        var length = alg switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (hex.Length != length || hex.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0) return false;
        digest = new Digest(alg, hex);
        return true;
    }

    /// <summary>The first 12 hex characters, as Docker shows ids.</summary>
    public string Short => Hex[..12];

    public override string ToString() => $"{Algorithm}:{Hex}";
}
