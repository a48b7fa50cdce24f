using System.Text;

namespace Wharf.Cli;

/// <summary>
/// fds 0, 1 and 2 as plain streams and writers, without System.Console: on a terminal the console loads terminfo and
/// writes the keypad-transmit sequence (ESC [?1h ESC =) at its first use, which the docker CLI never does and which
/// changes what arrow keys send inside a <c>-t</c> session. It also costs start-up time that <c>wharf</c> has no use for.
/// </summary>
internal static class StandardStreams
{
    public const int Stdin = 0, Stdout = 1, Stderr = 2;

    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The descriptor as an unbuffered stream (plain read(2)/write(2)); it is never closed by disposing.</summary>
    public static Stream Open(int fd) => new FdStream(fd, readable: fd == Stdin);

    /// <summary>A UTF-8 writer that flushes after each write, as Console.Out does, so streamed lines appear at once.</summary>
    public static TextWriter Writer(int fd) => new StreamWriter(Open(fd), Utf8, bufferSize: 4096) { AutoFlush = true };

    /// <summary>Standard input as UTF-8 text (confirmation prompts).</summary>
    public static TextReader Reader() => new StreamReader(Open(Stdin), Utf8, detectEncodingFromByteOrderMarks: false);
}
