using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// Turns a <see cref="ChatRequest"/> into a <see cref="PreparedChat"/>: the model (404 when unknown or not the key's),
/// its provider, the MCP tools the gateway offers and runs, the caller's function tools, and M.E.AI's
/// <see cref="FunctionInvokingChatClient"/> as the tool loop (<see cref="GatewayToolLoop"/>), bounded by <c>Gateway:Chat:MaxToolRounds</c>. It invokes
/// only the offered MCP tools; a call of a caller's function ends the loop and goes back to the caller; a name the
/// model was never offered gets "not found" (the gateway runs nothing for it).
/// </summary>
internal sealed class ChatRunner(ChatProviders providers, ChatToolSets toolSets, IOptions<GatewayOptions> options, ILoggerFactory loggers)
{
    public async Task<PreparedChat> PrepareAsync(HttpContext context, ChatRequest request, CancellationToken cancellationToken)
    {
        var key = toolSets.KeyOf(context);
        var model = providers.Find(key, request.Model) ?? throw ChatRequestException.UnknownModel(request.Model);
        var provider = providers.Create(request.Model, model);
        var (session, mcpTools) = await toolSets.ResolveAsync(context, context.RequestServices, request.McpTools, cancellationToken);
        try
        {
            if (request.FunctionTools.Select(tool => tool.Name).Intersect(mcpTools.Select(tool => tool.Name), StringComparer.Ordinal).FirstOrDefault() is { } clash)
            {
                throw ChatRequestException.Invalid($"The function tool '{clash}' has the name of an MCP tool of this request.", "tools");
            }

            var chatOptions = new ChatOptions
            {
                ModelId = ChatProviders.IsMock(model.Model) ? request.Model : null, // the adapter sends its own model name
                Temperature = request.Temperature,
                TopP = request.TopP,
                MaxOutputTokens = request.MaxOutputTokens,
                ToolMode = request.ToolMode,
                Tools = [.. mcpTools, .. request.FunctionTools],
            };
            if (chatOptions.Tools.Count == 0)
            {
                chatOptions.Tools = null;
                chatOptions.ToolMode = null;
            }

            if (request.Mock is { } script && ChatProviders.IsMock(model.Model))
            {
                chatOptions.AdditionalProperties = new() { [MockScript.OptionsKey] = script };
            }

            var loop = new GatewayToolLoop(provider, loggers, context.RequestServices, Telemetry.KeyIds.Of(key))
            {
                MaximumIterationsPerRequest = options.Value.Chat.MaxToolRounds,
                IncludeDetailedErrors = false,

                // One tool call at a time: they all run under the one call in flight the chat request holds
                // (SessionUpstreams.CallsHeldByRequest), which must not become several at once.
                AllowConcurrentInvocation = false,
            };
            return new PreparedChat(request.Model, loop, request.Messages, chatOptions, mcpTools, session);
        }
        catch
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            throw;
        }
    }
}
