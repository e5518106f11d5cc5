using McpPlatform.Gateway.Chat;

namespace McpPlatform.Gateway.Apis;

/// <summary>
/// OpenAI-compatible <c>POST /v1/chat/completions</c>, streamed (SSE) or not, for the configured models; MCP tools in
/// LiteLLM's <c>{"type":"mcp"}</c> form are run by the gateway (docs/chat.md).
/// </summary>
public static class ChatCompletionsApi
{
    public static IEndpointRouteBuilder MapChatCompletionsApiV1(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/chat/completions", CreateAsync).RequireAuthorization().WithName("CreateChatCompletion");
        return routes;
    }

    internal static Task CreateAsync(HttpContext context, TimeProvider time, CancellationToken cancellationToken) =>
        ChatEndpoint.HandleAsync(context, ChatCompletionsReader.Read, chat => new ChatCompletionsWriter(chat, time), cancellationToken);
}
