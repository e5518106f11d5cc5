using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace McpPlatform.ServiceDefaults;

/// <summary>
/// The body of every HTTP error the platform's services answer with, OpenAI's shape:
/// <c>{"error": {"message", "type", "code"}}</c>. One type, so gateway and connector errors cannot drift apart.
/// </summary>
public sealed record ErrorResponse([property: JsonPropertyName("error")] ErrorResponseDetail Error);

/// <summary>What went wrong, in words a client can act on, with stable type and code strings.</summary>
public sealed record ErrorResponseDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string Code);

[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class ErrorResponseJsonContext : JsonSerializerContext;

/// <summary>Writes an <see cref="ErrorResponse"/>.</summary>
public static class ErrorResponseExtensions
{
    /// <summary>Writes <c>{"error": {message, type, code}}</c> as the body; the status code is the caller's to set.</summary>
    public static Task WriteErrorAsync(this HttpResponse response, string message, string type, string code, string? contentType = null) =>
        response.WriteAsJsonAsync(new ErrorResponse(new ErrorResponseDetail(message, type, code)), ErrorResponseJsonContext.Default.ErrorResponse, contentType, response.HttpContext.RequestAborted);
}
