namespace McpPlatform.Gateway.Chat;

/// <summary>
/// A chat request the gateway will not serve, with what the client is told: an OpenAI-style error
/// (<c>{"error": {"message", "type", "code"}}</c>) and its HTTP status. The message is the gateway's own words, never
/// an exception's text or a provider's answer.
/// </summary>
internal sealed class ChatRequestException(int status, string message, string type, string code) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string Code { get; } = code;

    /// <summary>400: the body is not what the endpoint takes (<paramref name="field"/> names the part).</summary>
    public static ChatRequestException Invalid(string message, string? field = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", field is null ? "invalid_request" : "invalid_" + field.Replace('.', '_'));

    /// <summary>404 as OpenAI answers it: the same words for a model that does not exist and one the key may not use.</summary>
    public static ChatRequestException UnknownModel(string model) =>
        new(StatusCodes.Status404NotFound, $"The model '{model}' does not exist or you do not have access to it.", "invalid_request_error", "model_not_found");

    /// <summary>502: the model's provider failed or answered with an error (its answer is not passed on: it may name internals).</summary>
    public static ChatRequestException Provider(string model, string why) =>
        new(StatusCodes.Status502BadGateway, $"The provider of model '{model}' {why}.", "upstream_error", "provider_error");
}
