using McpPlatform.Gateway.Routing;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>The tools a scope may use: of its servers, allowed by its key (allow/deny lists, read-only).</summary>
public sealed class ToolCatalog(NamespacedCatalog catalog)
{
    private static readonly NamespacedCatalog.Kind<Tool> Tools = new(
        "tools",
        (upstream, ct) => upstream.ListToolsAsync(ct),
        tool => tool.Name,
        (scope, server, tool) => scope.Key.MayUse(server, tool),
        upstream => upstream.LastKnownTools);

    public Task<IReadOnlyList<CatalogEntry<Tool>>> ListAsync(GatewayScope scope, CancellationToken cancellationToken) =>
        catalog.ListAsync(scope, Tools, includeUnavailable: false, cancellationToken);

    /// <summary>A down server's tools are still found (from its last listing), so calling one gets a clear "unavailable" error.</summary>
    public Task<CatalogEntry<Tool>?> FindAsync(GatewayScope scope, string name, CancellationToken cancellationToken) =>
        catalog.FindAsync(scope, Tools, name, cancellationToken);
}
