using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Catalog;

/// <summary>The tools a scope may use, under namespaced names on the aggregate route and original names on a server's route.</summary>
public sealed class ToolCatalog(ServerDirectory directory, UpstreamPool upstreams, IOptions<GatewayOptions> options, ILogger<ToolCatalog> logger)
{
    /// <summary>Lists the scope's tools. A server that is down is left out (and logged) so that the others still work.</summary>
    public Task<IReadOnlyList<CatalogTool>> ListAsync(GatewayScope scope, CancellationToken cancellationToken) =>
        ListAsync(scope, includeUnavailable: false, cancellationToken);

    private async Task<IReadOnlyList<CatalogTool>> ListAsync(GatewayScope scope, bool includeUnavailable, CancellationToken cancellationToken)
    {
        var separator = options.Value.ToolNameSeparator;
        var tools = new List<CatalogTool>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var server in scope.Servers)
        {
            if (upstreams.Get(server) is not { } upstream)
            {
                continue;
            }

            IReadOnlyList<ModelContextProtocol.Protocol.Tool> upstreamTools;
            try
            {
                upstreamTools = await upstream.ListToolsAsync(cancellationToken);
            }
            catch (UpstreamUnavailableException ex) when (includeUnavailable)
            {
                logger.LogDebug("Using the last known tools of {Server}, which is down: {Reason}", server, ex.InnerException?.Message);
                upstreamTools = upstream.LastKnownTools;
            }
            catch (UpstreamUnavailableException ex)
            {
                logger.LogWarning("Tools of {Server} are left out of the list: {Reason}", server, ex.InnerException?.Message);
                continue;
            }

            foreach (var tool in upstreamTools.Where(tool => scope.Key.MayUse(server, tool)))
            {
                var exposed = scope.Aggregate ? ToolNaming.Namespaced(server, tool.Name, separator) : tool.Name;
                if (seen.TryGetValue(exposed, out var owner))
                {
                    logger.LogError("Tool name collision: {Server}/{Tool} and a tool of {Owner} both become {Name}; the first one wins", server, tool.Name, owner, exposed);
                    continue;
                }

                seen[exposed] = server;
                tools.Add(new CatalogTool(exposed, server, tool));
            }
        }

        return tools;
    }

    /// <summary>
    /// Finds one of the scope's tools by the name a client used: its listed name, or on the aggregate route the
    /// same name under one of the server's aliases (<c>db-execute_sql</c>). Null for unknown and forbidden alike.
    /// </summary>
    public async Task<CatalogTool?> FindAsync(GatewayScope scope, string name, CancellationToken cancellationToken)
    {
        var tools = await ListAsync(scope, includeUnavailable: true, cancellationToken);
        var found = tools.FirstOrDefault(tool => string.Equals(tool.ExposedName, name, StringComparison.Ordinal));
        if (found is not null || !scope.Aggregate)
        {
            return found;
        }

        var separator = options.Value.ToolNameSeparator;
        return tools.FirstOrDefault(tool => directory.Servers[tool.Server].Aliases
            .Any(alias => string.Equals(ToolNaming.Namespaced(alias, tool.Tool.Name, separator), name, StringComparison.Ordinal)));
    }
}
