using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// The resources and resource templates of a scope's servers that its key may see (see <see cref="ResourceView"/>).
/// URIs stay as the upstream wrote them (clients build them from templates); a URI is routed to the server that
/// listed it, else to the server whose visible template covers it (the longest literal beginning wins).
/// </summary>
public sealed class ResourceCatalog(UpstreamPool upstreams, ILogger<ResourceCatalog> logger)
{
    public async Task<IReadOnlyList<(string Server, Resource Resource)>> ListResourcesAsync(GatewayScope scope, CancellationToken cancellationToken) =>
        (await ViewAsync(scope, cancellationToken)).Resources;

    public async Task<IReadOnlyList<(string Server, ResourceTemplate Template)>> ListTemplatesAsync(GatewayScope scope, CancellationToken cancellationToken) =>
        (await ViewAsync(scope, cancellationToken)).Templates;

    /// <summary>The server a URI belongs to, or null (unknown, not in the scope, or hidden from the key: all alike).</summary>
    public async Task<string?> ServerOfAsync(GatewayScope scope, string uri, CancellationToken cancellationToken) =>
        (await ViewAsync(scope, cancellationToken)).ServerOf(uri);

    /// <summary>The server of a template the key may see (for completion of its arguments), or null.</summary>
    public async Task<string?> ServerOfTemplateAsync(GatewayScope scope, string uriTemplate, CancellationToken cancellationToken) =>
        (await ViewAsync(scope, cancellationToken)).ServerOfTemplate(uriTemplate);

    /// <summary>Both lists of every server in the scope (cached upstream), seen through the key's rules.</summary>
    private async Task<ResourceView> ViewAsync(GatewayScope scope, CancellationToken cancellationToken)
    {
        var sources = new List<ServerResources>(scope.Servers.Count);
        foreach (var server in scope.Servers)
        {
            if (upstreams.Get(server) is not { } upstream)
            {
                continue;
            }

            sources.Add(new ServerResources(
                server,
                await ListOrNoneAsync(server, upstream.ListResourcesAsync, cancellationToken),
                await ListOrNoneAsync(server, upstream.ListResourceTemplatesAsync, cancellationToken)));
        }

        return new ResourceView(scope.Key.PromptsAndResources, sources);
    }

    /// <summary>A server that is down is left out so that the others still work (a missing template list only hides more).</summary>
    private async Task<IReadOnlyList<T>> ListOrNoneAsync<T>(string server, Func<CancellationToken, Task<IReadOnlyList<T>>> list, CancellationToken cancellationToken)
    {
        try
        {
            return await list(cancellationToken);
        }
        catch (UpstreamUnavailableException ex)
        {
            logger.LogWarning("Resources of {Server} are left out: {Reason}", server, ex.InnerException?.Message);
            return [];
        }
    }
}
