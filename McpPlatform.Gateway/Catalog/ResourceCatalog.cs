using McpPlatform.Gateway.Routing;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// The resources and resource templates of a scope's servers that its key may see (see <see cref="ResourceView"/>).
/// URIs stay as the upstream wrote them (clients build them from templates); a URI is routed to the server that
/// listed it, else to the server whose visible template covers it (the longest literal beginning wins).
/// </summary>
public sealed class ResourceCatalog(ScopeLists lists)
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

    /// <summary>Both lists of every server in the scope (side by side, see <see cref="ScopeLists"/>), seen through the key's rules.</summary>
    private async Task<ResourceView> ViewAsync(GatewayScope scope, CancellationToken cancellationToken)
    {
        var resourcesTask = lists.GatherAsync(scope.Servers, upstream => upstream.Lists.Resources, includeDown: false, cancellationToken);
        var templatesTask = lists.GatherAsync(scope.Servers, upstream => upstream.Lists.ResourceTemplates, includeDown: false, cancellationToken);
        var resources = await resourcesTask;
        var templates = await templatesTask;

        // A server missing one of its lists shows only the other (a missing template list only hides more).
        var sources = new List<ServerResources>(scope.Servers.Count);
        foreach (var server in scope.Servers)
        {
            var listed = resources.FirstOrDefault(list => list.Server == server)?.Snapshot.Items;
            var templated = templates.FirstOrDefault(list => list.Server == server)?.Snapshot.Items;
            if (listed is not null || templated is not null)
            {
                sources.Add(new ServerResources(server, listed ?? [], templated ?? []));
            }
        }

        return new ResourceView(scope.Key.PromptsAndResources, sources);
    }
}
