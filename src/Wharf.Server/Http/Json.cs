using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Wharf.Api.Common;

namespace Wharf.Server.Http;

/// <summary>Shorthands for the results handlers return.</summary>
internal static class Json
{
    public static IResult Ok<T>(T value, JsonTypeInfo<T> type) => new JsonResponse<T>(value, type);

    public static IResult Status<T>(T value, JsonTypeInfo<T> type, int status) => new JsonResponse<T>(value, type, status);

    /// <summary>An error body <c>{"message":"…"}</c>; used only by the error writer.</summary>
    public static byte[] ErrorBody(string message) => JsonResponse<ErrorResponse>.Serialize(new ErrorResponse(message), WireJson.Context.ErrorResponse);
}
