using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>Resources and resource templates of a scope's upstreams, URIs unchanged, reads routed to their server.</summary>
internal static class ResourceHandlers
{
    public static async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> context, CancellationToken cancellationToken)
    {
        var scope = GatewaySession.Of(context).Scope;
        var resources = await context.Services!.GetRequiredService<ResourceCatalog>().ListResourcesAsync(scope, cancellationToken);
        return new ListResourcesResult { Resources = [.. resources.Select(entry => entry.Resource).DistinctBy(resource => resource.Uri, StringComparer.Ordinal)] };
    }

    public static async ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> context, CancellationToken cancellationToken)
    {
        var scope = GatewaySession.Of(context).Scope;
        var templates = await context.Services!.GetRequiredService<ResourceCatalog>().ListTemplatesAsync(scope, cancellationToken);
        return new ListResourceTemplatesResult { ResourceTemplates = [.. templates.Select(entry => entry.Template).DistinctBy(template => template.UriTemplate, StringComparer.Ordinal)] };
    }

    /// <summary>Subscribes this session to the resource on its server; updates come back to this session only.</summary>
    public static async ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        var session = GatewaySession.Of(context);
        var scope = session.Scope;
        var uri = context.Params?.Uri ?? throw new McpProtocolException("The request names no resource.", McpErrorCode.InvalidParams);
        var server = await context.Services!.GetRequiredService<ResourceCatalog>().ServerOfAsync(scope, uri, cancellationToken) ?? throw UnknownResource(uri);
        McpRequest.Current?.Route(server, uri);
        await UpstreamErrors.TranslateAsync(server, async () =>
        {
            await session.Upstreams.SubscribeAsync(server, uri, context.Server, cancellationToken);
            return true;
        });
        return new EmptyResult();
    }

    public static async ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        var session = GatewaySession.Of(context);
        var scope = session.Scope;
        var uri = context.Params?.Uri ?? throw new McpProtocolException("The request names no resource.", McpErrorCode.InvalidParams);
        if (await context.Services!.GetRequiredService<ResourceCatalog>().ServerOfAsync(scope, uri, cancellationToken) is { } server)
        {
            McpRequest.Current?.Route(server, uri);
            await UpstreamErrors.TranslateAsync(server, async () =>
            {
                await session.Upstreams.UnsubscribeAsync(server, uri, context.Server, cancellationToken);
                return true;
            });
        }

        return new EmptyResult();
    }

    public static async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> context, CancellationToken cancellationToken)
    {
        var scope = GatewaySession.Of(context).Scope;
        var services = context.Services!;
        var uri = context.Params?.Uri ?? throw new McpProtocolException("The request names no resource.", McpErrorCode.InvalidParams);
        var server = await services.GetRequiredService<ResourceCatalog>().ServerOfAsync(scope, uri, cancellationToken) ?? throw UnknownResource(uri);
        McpRequest.Current?.Route(server, uri);
        var upstream = services.GetRequiredService<UpstreamPool>().Get(server)!;
        return await UpstreamErrors.TranslateAsync(server, () => upstream.ReadResourceAsync(context.Params, cancellationToken));
    }

    private static McpProtocolException UnknownResource(string uri)
    {
        McpRequest.Current?.Refuse(RefusalReasons.UnknownResource, target: uri);
        return new McpProtocolException($"Unknown resource: '{uri}'.", McpErrorCode.ResourceNotFound);
    }
}
