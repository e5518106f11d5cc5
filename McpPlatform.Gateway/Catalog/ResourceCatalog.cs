using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// The resources and resource templates of a scope's servers. URIs stay as the upstream wrote them (clients build
/// them from templates); a URI is routed to the server that listed it, else to the server whose template's
/// literal beginning it matches (the longest wins).
/// </summary>
public sealed class ResourceCatalog(UpstreamPool upstreams, ILogger<ResourceCatalog> logger)
{
    public Task<IReadOnlyList<(string Server, Resource Resource)>> ListResourcesAsync(GatewayScope scope, CancellationToken cancellationToken) =>
        CollectAsync(scope, (upstream, ct) => upstream.ListResourcesAsync(ct), cancellationToken);

    public Task<IReadOnlyList<(string Server, ResourceTemplate Template)>> ListTemplatesAsync(GatewayScope scope, CancellationToken cancellationToken) =>
        CollectAsync(scope, (upstream, ct) => upstream.ListResourceTemplatesAsync(ct), cancellationToken);

    /// <summary>The server a URI belongs to, or null (unknown, or not in the scope).</summary>
    public async Task<string?> ServerOfAsync(GatewayScope scope, string uri, CancellationToken cancellationToken)
    {
        var listed = await ListResourcesAsync(scope, cancellationToken);
        if (listed.FirstOrDefault(entry => string.Equals(entry.Resource.Uri, uri, StringComparison.Ordinal)) is { Server: not null } exact)
        {
            return exact.Server;
        }

        var templates = await ListTemplatesAsync(scope, cancellationToken);
        return templates
            .Select(entry => (entry.Server, Prefix: LiteralPrefix(entry.Template.UriTemplate)))
            .Where(entry => entry.Prefix.Length > 0 && uri.StartsWith(entry.Prefix, StringComparison.Ordinal))
            .OrderByDescending(entry => entry.Prefix.Length)
            .Select(entry => entry.Server)
            .FirstOrDefault();
    }

    /// <summary>The server of a template (for completion of its arguments).</summary>
    public async Task<string?> ServerOfTemplateAsync(GatewayScope scope, string uriTemplate, CancellationToken cancellationToken) =>
        (await ListTemplatesAsync(scope, cancellationToken)).FirstOrDefault(entry => entry.Template.UriTemplate == uriTemplate).Server;

    private static string LiteralPrefix(string template)
    {
        var brace = template.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 ? template : template[..brace];
    }

    private async Task<IReadOnlyList<(string Server, T Item)>> CollectAsync<T>(
        GatewayScope scope, Func<UpstreamClient, CancellationToken, Task<IReadOnlyList<T>>> list, CancellationToken cancellationToken)
    {
        var items = new List<(string, T)>();
        foreach (var server in scope.Servers)
        {
            if (upstreams.Get(server) is not { } upstream)
            {
                continue;
            }

            try
            {
                items.AddRange((await list(upstream, cancellationToken)).Select(item => (server, item)));
            }
            catch (UpstreamUnavailableException ex)
            {
                logger.LogWarning("Resources of {Server} are left out: {Reason}", server, ex.InnerException?.Message);
            }
        }

        return items;
    }
}
