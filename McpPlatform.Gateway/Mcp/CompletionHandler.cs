using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// <c>completion/complete</c> passed to the server of the prompt or resource template it is about, when the key may
/// see it. A hidden prompt or template gets the same empty answer as an unknown one.
/// </summary>
internal static class CompletionHandler
{
    private static readonly CompleteResult Nothing = new() { Completion = new ModelContextProtocol.Protocol.Completion { Values = [], Total = 0, HasMore = false } };

    public static async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        var scope = GatewaySession.Of(context).Scope;
        var services = context.Services!;
        var request = context.Params;
        if (request is null)
        {
            return Nothing;
        }

        (string Server, CompleteRequestParams Request)? target = request.Ref switch
        {
            PromptReference prompt when await services.GetRequiredService<PromptCatalog>().FindAsync(scope, prompt.Name, cancellationToken) is { } entry
                && Declares(scope, entry.Item.Arguments?.Select(argument => argument.Name), request.Argument.Name) =>
                (entry.Server, new CompleteRequestParams { Ref = new PromptReference { Name = entry.Item.Name }, Argument = request.Argument, Context = request.Context }),
            ResourceTemplateReference { Uri: { } uri } when await services.GetRequiredService<ResourceCatalog>().ServerOfTemplateAsync(scope, uri, cancellationToken) is { } server
                && Declares(scope, UriTemplatePattern.VariableNames(uri), request.Argument.Name) =>
                (server, request),
            _ => null,
        };

        if (target is not { } found)
        {
            return Nothing; // Nothing to suggest for what the scope does not hold.
        }

        McpRequest.Current?.Route(found.Server, null);
        var upstream = services.GetRequiredService<UpstreamPool>().Get(found.Server)!;
        return await UpstreamErrors.TranslateAsync(found.Server, () => upstream.CompleteAsync(found.Request, cancellationToken));
    }

    /// <summary>
    /// A key held to named prompts and resources completes only the arguments they declare: a server that suggests
    /// names by argument alone (the Postgres connector does) would otherwise list tables through a prompt about schemas.
    /// </summary>
    private static bool Declares(GatewayScope scope, IEnumerable<string>? declared, string argument) =>
        !scope.Key.PromptsAndResources.AllowListOnly || (declared?.Contains(argument, StringComparer.Ordinal) ?? false);
}
