using System.ClientModel;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// What a client is told when a chat request fails: the request's own <see cref="ChatRequestException"/>, or the
/// provider's failure in the gateway's words (its status, never its body: it may echo internals). Anything else is a
/// 500 with no detail (the caller logs it).
/// </summary>
internal static class ChatErrors
{
    public static ChatRequestException Describe(Exception exception, string model) => exception switch
    {
        ChatRequestException request => request,
        ClientResultException result when result.Status == 0 => ChatRequestException.Provider(model, "could not be reached"),
        ClientResultException result => ChatRequestException.Provider(model, $"answered with an error (HTTP {result.Status})"),
        HttpRequestException => ChatRequestException.Provider(model, "could not be reached"),
        TimeoutException or OperationCanceledException =>
            new ChatRequestException(StatusCodes.Status504GatewayTimeout, $"The provider of model '{model}' did not answer in time (Gateway:Chat:ProviderTimeout).", "upstream_error", "provider_timeout"),
        _ => new ChatRequestException(StatusCodes.Status500InternalServerError, "The gateway failed to handle the request; the error has been logged.", "server_error", "internal_error"),
    };

    /// <summary>Whether the failure is the gateway's own fault (logged as an error), not the request's or the provider's.</summary>
    public static bool IsUnexpected(Exception exception) =>
        exception is not (ChatRequestException or ClientResultException or HttpRequestException or TimeoutException or OperationCanceledException);
}
