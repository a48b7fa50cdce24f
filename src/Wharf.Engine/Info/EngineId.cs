using System.Security.Cryptography;

namespace Wharf.Engine.Info;

/// <summary>
/// The daemon's stable identity, generated once and kept at <c>&lt;data-root&gt;/engine-id</c>, in dockerd 20.10's
/// shape: 12 groups of 4 base32 characters joined by <c>:</c> (<c>KTZ3:FBFF:…:KP2D</c>).
/// </summary>
internal static class EngineId
{
    public const string FileName = "engine-id";
    const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static async Task<string> LoadOrCreateAsync(string dataRoot, CancellationToken ct)
    {
        var path = Path.Combine(dataRoot, FileName);
        if (File.Exists(path))
        {
            var stored = (await File.ReadAllTextAsync(path, ct)).Trim();
            if (IsValid(stored)) return stored;
        }
        Directory.CreateDirectory(dataRoot);
        var id = New();
        // Write then rename, so a crash never leaves a half-written id that would change the daemon's identity.
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, id + "\n", ct);
        File.Move(temp, path, overwrite: true);
        return id;
    }

    public static string New()
    {
        var bytes = RandomNumberGenerator.GetBytes(30);   // 240 bits = 48 base32 characters
        var chars = new char[48];
        for (var i = 0; i < 48; i++)
        {
            var bit = i * 5;
            var value = ((bytes[bit / 8] << 8) | (bit / 8 + 1 < bytes.Length ? bytes[bit / 8 + 1] : 0)) >> (11 - (bit % 8));
            chars[i] = Base32[value & 31];
        }
        return string.Join(':', Enumerable.Range(0, 12).Select(g => new string(chars, g * 4, 4)));
    }

    public static bool IsValid(string id) =>
        id.Length == 59 && id.Split(':') is { Length: 12 } groups && groups.All(g => g.Length == 4 && g.All(c => Base32.Contains(c)));
}
