using System.Text.Json.Serialization;

namespace McpPlatform.Gateway.Auth;

/// <summary>An OpenAI-style error body: <c>{"error": {"message", "type", "code"}}</c>.</summary>
public sealed record ApiError([property: JsonPropertyName("error")] ApiErrorDetail Error)
{
    internal static ApiError For(ApiKeyFailure failure) => failure switch
    {
        ApiKeyFailure.Malformed => Authentication("malformed_api_key", "The Authorization header must be 'Bearer <key>'."),
        ApiKeyFailure.Unknown => Authentication("invalid_api_key", "The API key is not valid."),
        _ => Authentication("missing_api_key", "An API key is required: send 'Authorization: Bearer <key>'."),
    };

    private static ApiError Authentication(string code, string message) =>
        new(new ApiErrorDetail(message, "authentication_error", code));
}

/// <summary>The detail of an <see cref="ApiError"/>.</summary>
public sealed record ApiErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string Code);

[JsonSerializable(typeof(ApiError))]
internal sealed partial class ApiErrorJsonContext : JsonSerializerContext;
