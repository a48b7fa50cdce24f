using System.Text.RegularExpressions;

namespace Wharf.Engine.References;

/// <summary>
/// A parsed, normalised image reference, as distribution/reference's <c>ParseNormalizedNamed</c> makes it:
/// <c>busybox</c> becomes domain <c>docker.io</c>, path <c>library/busybox</c>, no tag (see <see cref="WithDefaultTag"/>).
/// </summary>
public sealed partial record ImageReference
{
    const string DefaultDomain = "docker.io";
    const string LegacyDefaultDomain = "index.docker.io";
    const string OfficialRepoPrefix = "library/";
    const int NameTotalLengthMax = 255;

    ImageReference(string domain, string path, string? tag, string? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host (and port), e.g. <c>docker.io</c> or <c>host:5000</c>.</summary>
    public string Domain { get; }

    /// <summary>The repository path inside the registry, e.g. <c>library/busybox</c>.</summary>
    public string Path { get; }

    public string? Tag { get; }

    /// <summary>The digest part (<c>sha256:…</c>) of a canonical reference, if any.</summary>
    public string? Digest { get; }

    /// <summary>The full repository name, e.g. <c>docker.io/library/busybox</c>.</summary>
    public string Name => $"{Domain}/{Path}";

    /// <summary>True when neither a tag nor a digest was given.</summary>
    public bool IsNameOnly => Tag is null && Digest is null;

    /// <summary>The repository as users write it: <c>busybox</c>, <c>user/app</c>, <c>host:5000/a/b</c>.</summary>
    public string FamiliarName
    {
        get
        {
            if (Domain != DefaultDomain) return Name;
            var path = Path;
            if (path.StartsWith(OfficialRepoPrefix, StringComparison.Ordinal) && path.IndexOf('/', OfficialRepoPrefix.Length) < 0)
                path = path[OfficialRepoPrefix.Length..];
            return path;
        }
    }

    /// <summary>The familiar form with tag and digest: <c>busybox:latest</c>, <c>host:5000/a/b:tag</c>.</summary>
    public string FamiliarString => FamiliarName + Suffix;

    /// <summary>The fully normalised form: <c>docker.io/library/busybox:latest</c>.</summary>
    public override string ToString() => Name + Suffix;

    string Suffix => (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>Adds the <c>latest</c> tag when neither a tag nor a digest was given (TagNameOnly).</summary>
    public ImageReference WithDefaultTag() => IsNameOnly ? new ImageReference(Domain, Path, "latest", null) : this;

    /// <summary>The same repository with <paramref name="tag"/> and no digest; throws <c>invalid tag format</c> for a bad tag.</summary>
    public ImageReference WithTag(string tag) =>
        TagPattern().IsMatch(tag) ? new ImageReference(Domain, Path, tag, null) : throw EngineException.Invalid("invalid tag format");

    /// <summary>The repository alone, without tag or digest.</summary>
    public ImageReference Repository => new(Domain, Path, null, null);

    /// <summary>True for a 64-hex string, which Docker reads as an image id and never as a name.</summary>
    public static bool IsFullHexId(string s) => s.Length == 64 && s.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>Parses user input the way dockerd's <c>ParseNormalizedNamed</c> does, with its error messages.</summary>
    public static ImageReference ParseNormalized(string s)
    {
        if (IsFullHexId(s))
            throw EngineException.Invalid($"invalid repository name ({s}), cannot specify 64-byte hexadecimal strings");
        var (domain, remainder) = SplitDockerDomain(s);
        var tagSep = remainder.IndexOf(':', StringComparison.Ordinal);
        var remoteName = tagSep >= 0 ? remainder[..tagSep] : remainder;
        if (!string.Equals(remoteName.ToLowerInvariant(), remoteName, StringComparison.Ordinal))
            throw EngineException.Invalid($"invalid reference format: repository name ({remoteName}) must be lowercase");
        return Parse(domain + "/" + remainder);
    }

    /// <summary>Like <see cref="ParseNormalized"/>, returning false instead of throwing.</summary>
    public static bool TryParseNormalized(string s, out ImageReference? reference)
    {
        try
        {
            reference = ParseNormalized(s);
            return true;
        }
        catch (EngineException)
        {
            reference = null;
            return false;
        }
    }

    /// <summary>Parses an already-qualified reference (distribution/reference <c>Parse</c>), without normalising.</summary>
    static ImageReference Parse(string s)
    {
        var m = ReferencePattern().Match(s);
        if (!m.Success)
        {
            if (s.Length == 0) throw EngineException.Invalid("repository name must have at least one component");
            if (ReferencePattern().IsMatch(s.ToLowerInvariant())) throw EngineException.Invalid("repository name must be lowercase");
            throw EngineException.Invalid("invalid reference format");
        }
        var name = m.Groups["name"].Value;
        if (name.Length > NameTotalLengthMax)
            throw EngineException.Invalid($"repository name must not be more than {NameTotalLengthMax} characters");
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var domain = name[..slash];
        var path = name[(slash + 1)..];
        var tag = m.Groups["tag"].Success ? m.Groups["tag"].Value : null;
        var digest = m.Groups["digest"].Success ? m.Groups["digest"].Value : null;
        if (digest is not null && !Images.Digest.TryParse(digest, out _))
            throw EngineException.Invalid("invalid checksum digest format");
        return new ImageReference(domain, path, tag, digest);
    }

    static (string Domain, string Remainder) SplitDockerDomain(string name)
    {
        string domain, remainder;
        var i = name.IndexOf('/', StringComparison.Ordinal);
        if (i < 0 || (name.AsSpan(0, i).IndexOfAny(".:") < 0 && name[..i] != "localhost" && name[..i].ToLowerInvariant() == name[..i]))
        {
            domain = DefaultDomain;
            remainder = name;
        }
        else
        {
            domain = name[..i];
            remainder = name[(i + 1)..];
        }
        if (domain == LegacyDefaultDomain) domain = DefaultDomain;
        if (domain == DefaultDomain && !remainder.Contains('/', StringComparison.Ordinal)) remainder = OfficialRepoPrefix + remainder;
        return (domain, remainder);
    }

    // The grammar of distribution/reference (regexp.go): domain "/" path-components [":" tag] ["@" digest].
    const string AlphaNumeric = "[a-z0-9]+";
    const string Separator = "(?:[._]|__|[-]+)";
    const string PathComponent = AlphaNumeric + "(?:" + Separator + AlphaNumeric + ")*";
    const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    const string DomainName = DomainComponent + "(?:\\." + DomainComponent + ")*";
    const string Ipv6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    const string DomainAndPort = "(?:" + DomainName + "|" + Ipv6 + ")(?::[0-9]+)?";
    const string NameExpr = "(?:" + DomainAndPort + "/)?" + PathComponent + "(?:/" + PathComponent + ")*";
    const string TagExpr = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    const string DigestExpr = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";

    [GeneratedRegex("^(?<name>" + NameExpr + ")(?::(?<tag>" + TagExpr + "))?(?:@(?<digest>" + DigestExpr + "))?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("^" + TagExpr + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
