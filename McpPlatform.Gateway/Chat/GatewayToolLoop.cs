using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// M.E.AI's tool loop, with one addition: a call of a tool the request did not offer the model (another server's, one
/// <c>allowed_tools</c> or the key's rules leave out, a made-up name) is refused as on the MCP path: the model is told
/// "not found", nothing runs, and the refusal is audited (<c>unknown_tool</c>, the name the model used).
/// </summary>
internal sealed class GatewayToolLoop(IChatClient provider, ILoggerFactory loggers, IServiceProvider requestServices, string keyId)
    : FunctionInvokingChatClient(provider, loggers, requestServices)
{
    protected override IList<ChatMessage> CreateResponseMessages(ReadOnlySpan<FunctionInvocationResult> results)
    {
        foreach (var result in results)
        {
            if (result.Status == FunctionInvocationStatus.NotFound)
            {
                ChatToolCall.RecordRefusal(FunctionInvocationServices!, keyId, result.CallContent.Name);
            }
        }

        return base.CreateResponseMessages(results);
    }
}
