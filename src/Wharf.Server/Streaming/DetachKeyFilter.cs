using System.Buffers;

namespace Wharf.Server.Streaming;

/// <summary>
/// Scans a TTY session's stdin for the detach sequence, across reads. Bytes that might start the sequence are held
/// back until it is either complete (the session detaches; the sequence and what follows it are not forwarded) or
/// broken (the held bytes go through, in order). dockerd applies detach keys only to TTY sessions.
/// </summary>
internal sealed class DetachKeyFilter(IReadOnlyList<byte> keys)
{
    readonly byte[] _keys = [.. keys];
    int _matched;

    /// <summary>True once the whole sequence was seen.</summary>
    public bool Detached { get; private set; }

    /// <summary>Passes <paramref name="input"/> on to <paramref name="output"/>, minus the sequence; true when it completed.</summary>
    public bool Filter(ReadOnlySequence<byte> input, IBufferWriter<byte> output)
    {
        foreach (var segment in input)
            if (Filter(segment.Span, output)) return true;
        return false;
    }

    /// <summary>Passes <paramref name="input"/> on to <paramref name="output"/>, minus the sequence; true when it completed.</summary>
    public bool Filter(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        if (Detached) return true;
        if (_keys.Length == 0)
        {
            output.Write(input);
            return false;
        }
        var start = 0;   // input[start..i] is plain data not yet written
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b == _keys[_matched])
            {
                if (_matched == 0)
                {
                    output.Write(input[start..i]);
                }
                _matched++;
                start = i + 1;
                if (_matched == _keys.Length)
                {
                    Detached = true;
                    _matched = 0;
                    return true;
                }
                continue;
            }
            if (_matched == 0) continue;
            // The held prefix plus this byte is not the sequence: release bytes until what is held is again a prefix.
            start = i + 1;
            Release(b, output);
        }
        if (_matched == 0) output.Write(input[start..]);
        return false;
    }

    /// <summary>At end of input: what is still held back was not a detach after all.</summary>
    public void Flush(IBufferWriter<byte> output)
    {
        if (Detached || _matched == 0) return;
        output.Write(_keys.AsSpan(0, _matched));
        _matched = 0;
    }

    void Release(byte next, IBufferWriter<byte> output)
    {
        Span<byte> held = stackalloc byte[_matched + 1];
        _keys.AsSpan(0, _matched).CopyTo(held);
        held[_matched] = next;
        var from = 0;
        while (true)
        {
            output.Write(held.Slice(from, 1));
            from++;
            var rest = held[from..];
            if (rest.Length == 0 || _keys.AsSpan().StartsWith(rest) && rest.Length < _keys.Length)
            {
                _matched = rest.Length;
                return;
            }
        }
    }
}
