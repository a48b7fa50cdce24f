using Wharf.Engine;

namespace Wharf.Server.Streaming;

/// <summary>
/// A detach sequence as the <c>detachKeys</c> parameter spells it (<c>ctrl-p,ctrl-q</c>, <c>ctrl-a</c>, <c>a</c>,
/// <c>ctrl-@</c>, <c>DEL</c>, …), turned into bytes the way dockerd's term.ToBytes does.
/// </summary>
internal static class DetachKeys
{
    /// <summary>ctrl-p, ctrl-q: used when the client names no sequence.</summary>
    public static IReadOnlyList<byte> Default { get; } = [16, 17];

    // Index = the byte: ctrl-@ is 0, ctrl-a 1 … ctrl-z 26, then ctrl-[ ctrl-\ ctrl-] ctrl-^ ctrl-_.
    static readonly string[] Control =
    [
        "ctrl-@", "ctrl-a", "ctrl-b", "ctrl-c", "ctrl-d", "ctrl-e", "ctrl-f", "ctrl-g", "ctrl-h", "ctrl-i", "ctrl-j",
        "ctrl-k", "ctrl-l", "ctrl-m", "ctrl-n", "ctrl-o", "ctrl-p", "ctrl-q", "ctrl-r", "ctrl-s", "ctrl-t", "ctrl-u",
        "ctrl-v", "ctrl-w", "ctrl-x", "ctrl-y", "ctrl-z", "ctrl-[", "ctrl-\\", "ctrl-]", "ctrl-^", "ctrl-_",
    ];

    /// <summary>The sequence for an attach: empty means the default; a bad one is dockerd's 400.</summary>
    public static IReadOnlyList<byte> ParseForAttach(string? spec) =>
        TryParse(spec, out var keys) ? keys : throw EngineException.Invalid($"Invalid detach keys ({spec}) provided");

    /// <summary>The sequence for an exec (its create body's <c>DetachKeys</c>), with dockerd's exec wording.</summary>
    public static IReadOnlyList<byte> ParseForExec(string? spec) =>
        TryParse(spec, out var keys) ? keys : throw EngineException.Invalid($"Invalid escape keys ({spec}) provided");

    /// <summary>Comma-separated keys: one character stands for itself, <c>ctrl-x</c> for its control code, <c>DEL</c> for 127.</summary>
    public static bool TryParse(string? spec, out IReadOnlyList<byte> keys)
    {
        keys = Default;
        if (string.IsNullOrEmpty(spec)) return true;
        var bytes = new List<byte>();
        foreach (var key in spec.Split(','))
        {
            if (key.Length == 1 && key[0] < 128)
            {
                bytes.Add((byte)key[0]);
                continue;
            }
            var code = Array.IndexOf(Control, key);
            if (code >= 0) bytes.Add((byte)code);
            else if (key == "DEL") bytes.Add(127);
            else return false;
        }
        keys = bytes;
        return true;
    }
}
