using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>Prompts of a scope's upstreams, named like tools, passed through.</summary>
internal static class PromptHandlers
{
    public static async ValueTask<ListPromptsResult> ListAsync(RequestContext<ListPromptsRequestParams> context, CancellationToken cancellationToken)
    {
        var scope = GatewaySession.Of(context).Scope;
        var prompts = await context.Services!.GetRequiredService<PromptCatalog>().ListAsync(scope, cancellationToken);
        return new ListPromptsResult
        {
            Prompts = [.. prompts.Select(prompt => new Prompt
            {
                Name = prompt.ExposedName,
                Title = prompt.Item.Title,
                Description = prompt.Item.Description,
                Arguments = prompt.Item.Arguments,
                Icons = prompt.Item.Icons,
                Meta = prompt.Item.Meta,
            })],
        };
    }

    public static async ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> context, CancellationToken cancellationToken)
    {
        var scope = GatewaySession.Of(context).Scope;
        var services = context.Services!;
        var name = context.Params?.Name ?? throw new McpProtocolException("The request names no prompt.", McpErrorCode.InvalidParams);
        var prompt = await services.GetRequiredService<PromptCatalog>().FindAsync(scope, name, cancellationToken);
        if (prompt is null)
        {
            McpRequest.Current?.Refuse(RefusalReasons.UnknownPrompt, target: name);
            throw new McpProtocolException($"Unknown prompt: '{name}'.", McpErrorCode.InvalidParams);
        }

        McpRequest.Current?.Route(prompt.Server, prompt.Item.Name);
        var upstream = services.GetRequiredService<UpstreamPool>().Get(prompt.Server)!;
        return await UpstreamErrors.TranslateAsync(prompt.Server, () => upstream.GetPromptAsync(
            new GetPromptRequestParams { Name = prompt.Item.Name, Arguments = context.Params.Arguments, Meta = context.Params.Meta },
            cancellationToken));
    }
}
