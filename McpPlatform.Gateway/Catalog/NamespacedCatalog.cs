using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// Lists named items (tools, prompts) of the servers in a scope under the names the route uses, and finds one
/// by the name a client used: namespaced on the aggregate route (also under a server alias), original on a
/// server's route. A server that is down is left out of lists so that the others still work.
/// </summary>
public sealed class NamespacedCatalog(ServerDirectory directory, UpstreamPool upstreams, IOptions<GatewayOptions> options, ILogger<NamespacedCatalog> logger)
{
    /// <summary>How to read one kind of item from an upstream.</summary>
    public sealed record Kind<T>(
        string Label,
        Func<UpstreamClient, CancellationToken, Task<IReadOnlyList<T>>> List,
        Func<T, string> NameOf,
        Func<GatewayScope, string, T, bool> Allowed,
        Func<UpstreamClient, IReadOnlyList<T>>? LastKnown = null);

    public async Task<IReadOnlyList<CatalogEntry<T>>> ListAsync<T>(GatewayScope scope, Kind<T> kind, bool includeUnavailable, CancellationToken cancellationToken)
    {
        var separator = options.Value.ToolNameSeparator;
        var entries = new List<CatalogEntry<T>>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var server in scope.Servers)
        {
            if (upstreams.Get(server) is not { } upstream)
            {
                continue;
            }

            IReadOnlyList<T> items;
            try
            {
                items = await kind.List(upstream, cancellationToken);
            }
            catch (UpstreamUnavailableException ex) when (includeUnavailable && kind.LastKnown is not null)
            {
                logger.LogDebug("Using the last known {Kind} of {Server}, which is down: {Reason}", kind.Label, server, ex.InnerException?.Message);
                items = kind.LastKnown(upstream);
            }
            catch (UpstreamUnavailableException ex)
            {
                logger.LogWarning("The {Kind} of {Server} are left out of the list: {Reason}", kind.Label, server, ex.InnerException?.Message);
                continue;
            }

            foreach (var item in items.Where(item => kind.Allowed(scope, server, item)))
            {
                var name = kind.NameOf(item);
                var exposed = scope.Aggregate ? ToolNaming.Namespaced(server, name, separator) : name;
                if (seen.TryGetValue(exposed, out var owner))
                {
                    logger.LogError("Name collision: {Server}/{Name} and an item of {Owner} both become {Exposed}; the first one wins", server, name, owner, exposed);
                    continue;
                }

                seen[exposed] = server;
                entries.Add(new CatalogEntry<T>(exposed, server, item));
            }
        }

        return entries;
    }

    /// <summary>The entry a client named; on the aggregate route also under one of its server's aliases. Null for unknown and forbidden alike.</summary>
    public async Task<CatalogEntry<T>?> FindAsync<T>(GatewayScope scope, Kind<T> kind, string name, CancellationToken cancellationToken)
    {
        var entries = await ListAsync(scope, kind, includeUnavailable: true, cancellationToken);
        var found = entries.FirstOrDefault(entry => string.Equals(entry.ExposedName, name, StringComparison.Ordinal));
        if (found is not null || !scope.Aggregate)
        {
            return found;
        }

        var separator = options.Value.ToolNameSeparator;
        return entries.FirstOrDefault(entry => directory.Servers[entry.Server].Aliases
            .Any(alias => string.Equals(ToolNaming.Namespaced(alias, kind.NameOf(entry.Item), separator), name, StringComparison.Ordinal)));
    }
}
