namespace Wharf.Cli;

/// <summary>
/// First-use work that reading any answer needs, done on the main thread while the daemon works on the request. The
/// answer is read on the socket thread: this work then overlaps the daemon's, where it would otherwise follow the answer.
/// </summary>
internal static class AnswerWarmup
{
    public static void Run()
    {
        // The runtime's table of known header names (~100 entries and their parsers), made by the first header read.
        using (var response = new HttpResponseMessage()) response.Headers.TryAddWithoutValidation("Api-Version", "");
    }
}
