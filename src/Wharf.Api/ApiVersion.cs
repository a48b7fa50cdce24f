using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Wharf.Api;

/// <summary>An Engine API version such as 1.41; compared numerically, never as a string.</summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>The newest version Wharf speaks.</summary>
    public static readonly ApiVersion Current = new(1, 41);

    /// <summary>The oldest version Wharf accepts.</summary>
    public static readonly ApiVersion Minimum = new(1, 24);

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out ApiVersion? version)
    {
        version = null;
        var dot = text.IndexOf('.');
        if (dot <= 0) return false;
        if (!int.TryParse(text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var major)) return false;
        if (!int.TryParse(text[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) return false;
        version = new ApiVersion(major, minor);
        return true;
    }

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion a, ApiVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(ApiVersion a, ApiVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(ApiVersion a, ApiVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ApiVersion a, ApiVersion b) => a.CompareTo(b) >= 0;

    // Concatenated rather than interpolated: an interpolation rents from the shared array pool, whose first use measures
    // the processor-id cache (~0.15 ms of a CLI command, which formats a version for every request).
    public override string ToString() => Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture);
}
