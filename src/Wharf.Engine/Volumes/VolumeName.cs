using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Wharf.Engine.Volumes;

/// <summary>Names of local volumes: dockerd's rule (<c>[a-zA-Z0-9][a-zA-Z0-9_.-]+</c>) and anonymous 64-hex names.</summary>
public static partial class VolumeName
{
    /// <summary>The characters dockerd allows, as its error message quotes them.</summary>
    public const string RestrictedChars = "[a-zA-Z0-9][a-zA-Z0-9_.-]";

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Throws dockerd's local-driver error (wrapped as <c>create NAME: …</c>) for a name it would refuse.</summary>
    public static void Validate(string name)
    {
        if (name.Length == 1)
            throw EngineException.Invalid($"create {name}: volume name is too short, names should be at least two alphanumeric characters");
        if (!Pattern().IsMatch(name))
            throw EngineException.Invalid(
                $"create {name}: \"{name}\" includes invalid characters for a local volume name, only \"{RestrictedChars}\" are allowed. If you intended to pass a host directory, use absolute path");
    }

    /// <summary>A fresh anonymous volume name: 32 random bytes as 64 lowercase hex digits, as dockerd's stringid.</summary>
    public static string NewAnonymous() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
