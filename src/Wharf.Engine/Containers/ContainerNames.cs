using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Wharf.Engine.Containers;

/// <summary>Container names: Docker's validation and Docker-style random <c>adjective_surname</c> names.</summary>
public static partial class ContainerNames
{
    static readonly string[] Adjectives =
    [
        "admiring", "agitated", "amazing", "angry", "awesome", "blissful", "bold", "brave", "busy", "charming",
        "clever", "cool", "compassionate", "confident", "cranky", "dazzling", "determined", "dreamy", "eager",
        "ecstatic", "elastic", "elegant", "epic", "festive", "focused", "friendly", "frosty", "gallant", "gifted",
        "goofy", "gracious", "happy", "hopeful", "infallible", "inspiring", "jolly", "keen", "kind", "laughing",
        "loving", "lucid", "magical", "modest", "nifty", "nostalgic", "objective", "optimistic", "peaceful",
        "pensive", "practical", "quirky", "relaxed", "serene", "sharp", "silly", "stoic", "sweet", "tender",
        "trusting", "vibrant", "vigilant", "wizardly", "youthful", "zealous",
    ];

    static readonly string[] Surnames =
    [
        "agnesi", "albattani", "archimedes", "babbage", "banach", "bardeen", "bell", "bohr", "boole", "curie",
        "darwin", "dijkstra", "einstein", "euclid", "euler", "faraday", "fermat", "feynman", "galileo", "gauss",
        "goldberg", "hamilton", "hawking", "hopper", "hypatia", "johnson", "kepler", "knuth", "lamport", "liskov",
        "lovelace", "maxwell", "meitner", "mendel", "newton", "noether", "pascal", "pasteur", "planck", "ritchie",
        "shannon", "sinoussi", "tesla", "thompson", "torvalds", "turing", "wilson", "wozniak", "wright", "yalow",
    ];

    [GeneratedRegex("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ValidPattern();

    /// <summary>Validates a user's name and returns it without the leading slash.</summary>
    public static string Validate(string name) =>
        ValidPattern().IsMatch(name) ? name.TrimStart('/') : throw ContainerErrors.InvalidName(name);

    /// <summary>A random name; after a few collisions a digit is appended, as dockerd does.</summary>
    public static string Random(Func<string, bool> inUse)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = $"{Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)]}_{Surnames[RandomNumberGenerator.GetInt32(Surnames.Length)]}";
            if (attempt >= 3) name += RandomNumberGenerator.GetInt32(10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!inUse(name)) return name;
        }
    }

    /// <summary>Whether <paramref name="name"/> has the random-name shape (for tests).</summary>
    internal static bool IsGenerated(string name)
    {
        var parts = name.Split('_');
        return parts.Length == 2 && Adjectives.Contains(parts[0]) && Surnames.Any(s => parts[1].StartsWith(s, StringComparison.Ordinal));
    }
}
