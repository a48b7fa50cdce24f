namespace Wharf.Server.Tests;

/// <summary>Assertions on what goes over the wire.</summary>
public static class Wire
{
    static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void AssertStandardHeaders(HttpResponseMessage response)
    {
        Assert.Equal("1.41", Header(response, "Api-Version"));
        Assert.Equal("false", Header(response, "Docker-Experimental"));
        Assert.Equal("linux", Header(response, "Ostype"));
        Assert.Matches(@"^Wharf/\d+\.\d+\.\d+[^ ]* \(linux\)$", Header(response, "Server"));
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString()
        : response.Content.Headers.NonValidated.TryGetValues(name, out var content) ? content.ToString() : null;

    /// <summary>A JSON response: status, content type, and the exact body (compact JSON + one newline).</summary>
    public static void AssertJson(HttpResponseMessage response, string body, int status, string expectedJson)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(expectedJson + "\n", body);
    }

    public static void AssertError(HttpResponseMessage response, string body, int status, string message)
    {
        AssertStandardHeaders(response);
        AssertJson(response, body, status, "{\"message\":" + System.Text.Json.JsonSerializer.Serialize(message, Relaxed) + "}");
    }
}
