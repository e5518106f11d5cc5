using McpPlatform.Gateway.Routing;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>The tools a scope may use: of its servers, allowed by its key (allow/deny lists, read-only).</summary>
public sealed class ToolCatalog(NamespacedCatalog catalog)
{
    private static readonly NamespacedCatalog.Kind<Tool> Tools = new(
        "tools",
        upstream => upstream.Lists.Tools,
        tool => tool.Name,
        (scope, server, tool) => scope.Key.MayUse(server, tool),
        FindWhileDown: true);

    public Task<IReadOnlyList<CatalogEntry<Tool>>> ListAsync(GatewayScope scope, CancellationToken cancellationToken) =>
        catalog.ListAsync(scope, Tools, cancellationToken);

    /// <summary>A down server's tools are still found (from its last listing), so calling one gets a clear "unavailable" error.</summary>
    public Task<CatalogEntry<Tool>?> FindAsync(GatewayScope scope, string name, CancellationToken cancellationToken) =>
        catalog.FindAsync(scope, Tools, name, cancellationToken);
}
