using McpPlatform.Gateway.Chat;

namespace McpPlatform.Gateway.Apis;

/// <summary>
/// OpenAI-compatible <c>POST /v1/responses</c> (the Responses API, stateless), streamed (SSE) or not; the MCP tools the
/// gateway runs appear as <c>mcp_call</c> output items (docs/chat.md).
/// </summary>
public static class ResponsesApi
{
    public static IEndpointRouteBuilder MapResponsesApiV1(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/responses", CreateAsync).RequireAuthorization().WithName("CreateResponse");
        return routes;
    }

    internal static Task CreateAsync(HttpContext context, TimeProvider time, CancellationToken cancellationToken) =>
        ChatEndpoint.HandleAsync(context, ResponsesReader.Read, chat => new ResponsesWriter(chat, time), cancellationToken);
}
