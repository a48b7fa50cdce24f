namespace Wharf.Cli.Commands.Run;

/// <summary>
/// The detach sequence of a TTY session: docker's <c>--detach-keys</c> syntax ("ctrl-p,ctrl-q", single characters,
/// "ctrl-@" … "ctrl-_", "DEL"), and a scanner that holds back a partial sequence and reports a complete one.
/// </summary>
internal sealed class DetachKeys
{
    /// <summary>Docker's default, ctrl-p ctrl-q.</summary>
    public static readonly byte[] Default = [0x10, 0x11];

    readonly byte[] _keys;
    int _matched;

    public DetachKeys(byte[] keys) => _keys = keys;

    /// <summary>docker's term.ToBytes; null with docker's reason when a key is unknown.</summary>
    public static byte[]? TryParse(string text, out string? error)
    {
        error = null;
        var codes = new List<byte>();
        foreach (var key in text.Split(','))
        {
            if (key.Length == 1)
            {
                codes.Add((byte)key[0]);
                continue;
            }
            if (key == "DEL")
            {
                codes.Add(127);
                continue;
            }
            if (key.StartsWith("ctrl-", StringComparison.Ordinal) && key.Length == 6)
            {
                var c = key[5];
                int? code = c switch
                {
                    '@' => 0,
                    >= 'a' and <= 'z' => c - 'a' + 1,
                    '[' => 27,
                    '\\' => 28,
                    ']' => 29,
                    '^' => 30,
                    '_' => 31,
                    _ => null,
                };
                if (code is int value)
                {
                    codes.Add((byte)value);
                    continue;
                }
            }
            error = $"Unknown character: '{key}'";
            return null;
        }
        return [.. codes];
    }

    /// <summary>
    /// Filters typed input: writes what should reach the container to <paramref name="output"/> (a partial sequence is held
    /// until the next key shows whether it was one) and returns true when the whole sequence was typed.
    /// </summary>
    public bool Scan(ReadOnlySpan<byte> input, List<byte> output)
    {
        foreach (var b in input)
        {
            if (b == _keys[_matched])
            {
                _matched++;
                if (_matched == _keys.Length)
                {
                    _matched = 0;
                    return true;
                }
                continue;
            }
            // Not the sequence after all: the held keys were ordinary input.
            for (var i = 0; i < _matched; i++) output.Add(_keys[i]);
            _matched = 0;
            if (b == _keys[0] && _keys.Length > 1) _matched = 1;
            else if (b == _keys[0]) return true;
            else output.Add(b);
        }
        return false;
    }
}
