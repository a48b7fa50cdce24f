namespace Wharf.Client;

/// <summary>An error answered by the daemon: the HTTP status and the <c>message</c> of its error body (or of an error inside a 200 stream).</summary>
public sealed class WharfApiException : Exception
{
    public WharfApiException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public WharfApiException() : this(0, "") { }

    public WharfApiException(string message) : this(0, message) { }

    public WharfApiException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The HTTP status; 200 when the error arrived inside a progress stream.</summary>
    public int StatusCode { get; }
}
