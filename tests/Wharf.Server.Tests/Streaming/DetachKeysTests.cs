using System.Buffers;
using System.Text;
using Wharf.Engine;
using Wharf.Server.Streaming;

namespace Wharf.Server.Tests.Streaming;

/// <summary>The detachKeys syntax and the stdin filter that watches for the sequence.</summary>
public sealed class DetachKeysTests
{
    [Theory]
    [InlineData(null, new byte[] { 16, 17 })]
    [InlineData("", new byte[] { 16, 17 })]
    [InlineData("ctrl-p,ctrl-q", new byte[] { 16, 17 })]
    [InlineData("ctrl-a", new byte[] { 1 })]
    [InlineData("ctrl-@,ctrl-_", new byte[] { 0, 31 })]
    [InlineData("ctrl-\\,ctrl-[", new byte[] { 28, 27 })]
    [InlineData("a,b,ctrl-z", new byte[] { 97, 98, 26 })]
    [InlineData("DEL", new byte[] { 127 })]
    public void Specs_become_dockerd_bytes(string? spec, byte[] bytes) => Assert.Equal(bytes, DetachKeys.ParseForAttach(spec));

    [Theory]
    [InlineData("ctrl-")]
    [InlineData("ctrl-1")]
    [InlineData("CTRL-P")]
    [InlineData("ab")]
    [InlineData("ctrl-p,,ctrl-q")]
    [InlineData("é")]
    [InlineData(",")]
    public void Bad_specs_get_dockerd_errors(string spec)
    {
        var attach = Assert.Throws<EngineException>(() => DetachKeys.ParseForAttach(spec));
        Assert.Equal(ErrorKind.InvalidArgument, attach.Kind);
        Assert.Equal($"Invalid detach keys ({spec}) provided", attach.Message);
        Assert.Equal($"Invalid escape keys ({spec}) provided", Assert.Throws<EngineException>(() => DetachKeys.ParseForExec(spec)).Message);
    }

    /// <summary>Feeds the chunks one by one; returns what went through and the chunk index that detached (-1 for none).</summary>
    static (string Passed, int DetachedAt) Run(IReadOnlyList<byte> keys, params string[] chunks)
    {
        var filter = new DetachKeyFilter(keys);
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < chunks.Length; i++)
        {
            if (filter.Filter(Encoding.Latin1.GetBytes(chunks[i]), output))
                return (Encoding.Latin1.GetString(output.WrittenSpan), i);
        }
        filter.Flush(output);
        return (Encoding.Latin1.GetString(output.WrittenSpan), -1);
    }

    static readonly IReadOnlyList<byte> CtrlPQ = DetachKeys.Default;

    [Fact]
    public void Data_without_the_sequence_passes_unchanged() =>
        Assert.Equal(("hello world\n", -1), Run(CtrlPQ, "hello ", "world\n"));

    [Fact]
    public void The_sequence_in_one_read_detaches_and_is_not_forwarded() =>
        Assert.Equal(("ls\n", 0), Run(CtrlPQ, "ls\n\u0010\u0011after"));

    [Fact]
    public void The_sequence_split_across_reads_detaches() =>
        Assert.Equal(("ab", 1), Run(CtrlPQ, "ab\u0010", "\u0011cd"));

    [Fact]
    public void A_held_prefix_is_released_when_the_next_read_breaks_it() =>
        Assert.Equal(("ab\u0010xcd", -1), Run(CtrlPQ, "ab\u0010", "xcd"));

    [Fact]
    public void A_prefix_pending_at_end_of_input_is_released() =>
        Assert.Equal(("ab\u0010", -1), Run(CtrlPQ, "ab", "\u0010"));

    [Fact]
    public void A_broken_prefix_that_restarts_the_sequence_still_detaches() =>
        Assert.Equal(("\u0010", 2), Run(CtrlPQ, "\u0010", "\u0010", "\u0011"));

    [Fact]
    public void Overlapping_sequences_are_found_after_a_partial_match()
    {
        var keys = DetachKeys.ParseForAttach("a,a,b");
        Assert.Equal(("xa", 0), Run(keys, "xaaab"));
        Assert.Equal(("xa", 3), Run(keys, "x", "a", "a", "ab"));
        Assert.Equal(("aacaa", -1), Run(keys, "aac", "aa"));
    }

    [Fact]
    public void Each_byte_in_its_own_read_like_a_typing_user()
    {
        var keys = DetachKeys.ParseForAttach("ctrl-a,b,c");
        Assert.Equal(("ab\u0001x", 6), Run(keys, "a", "b", "\u0001", "x", "\u0001", "b", "c"));
    }
}
