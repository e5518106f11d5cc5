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
    private const int MaxMemos = 1024;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Kind, string Key, bool Aggregate, string Servers), object> built = new();

    /// <summary>How to read one kind of item from an upstream.</summary>
    public sealed record Kind<T>(
        string Label,
        Func<UpstreamClient, CancellationToken, Task<IReadOnlyList<T>>> List,
        Func<T, string> NameOf,
        Func<GatewayScope, string, T, bool> Allowed,
        Func<UpstreamClient, IReadOnlyList<T>>? LastKnown = null);

    public async Task<IReadOnlyList<CatalogEntry<T>>> ListAsync<T>(GatewayScope scope, Kind<T> kind, bool includeUnavailable, CancellationToken cancellationToken) =>
        (await BuildAsync(scope, kind, includeUnavailable, cancellationToken)).Entries;

    /// <summary>
    /// The scope's entries, built once per set of upstream lists: the upstreams return the same list object while it
    /// is cached, so a call does not rebuild names and access checks for every tool of every server.
    /// </summary>
    private async Task<Built<T>> BuildAsync<T>(GatewayScope scope, Kind<T> kind, bool includeUnavailable, CancellationToken cancellationToken)
    {
        var sources = new List<(string Server, IReadOnlyList<T> Items)>(scope.Servers.Count);
        foreach (var server in scope.Servers)
        {
            if (upstreams.Get(server) is not { } upstream)
            {
                continue;
            }

            try
            {
                sources.Add((server, await kind.List(upstream, cancellationToken)));
            }
            catch (UpstreamUnavailableException ex) when (includeUnavailable && kind.LastKnown is not null)
            {
                logger.LogDebug("Using the last known {Kind} of {Server}, which is down: {Reason}", kind.Label, server, ex.InnerException?.Message);
                sources.Add((server, kind.LastKnown(upstream)));
            }
            catch (UpstreamUnavailableException ex)
            {
                logger.LogWarning("The {Kind} of {Server} are left out of the list: {Reason}", kind.Label, server, ex.InnerException?.Message);
            }
        }

        var memoKey = (kind.Label, scope.Key.Name, scope.Aggregate, string.Join(',', scope.Servers));
        if (built.TryGetValue(memoKey, out var memo) && memo is Built<T> known && known.IsFrom(sources))
        {
            return known;
        }

        var fresh = Build(scope, kind, sources);
        if (built.Count >= MaxMemos)
        {
            built.Clear(); // many x-mcp-servers combinations: start over rather than grow
        }

        built[memoKey] = fresh;
        return fresh;
    }

    private Built<T> Build<T>(GatewayScope scope, Kind<T> kind, List<(string Server, IReadOnlyList<T> Items)> sources)
    {
        var separator = options.Value.ToolNameSeparator;
        var entries = new List<CatalogEntry<T>>();
        var byName = new Dictionary<string, CatalogEntry<T>>(StringComparer.Ordinal);
        foreach (var (server, items) in sources)
        {
            foreach (var item in items.Where(item => kind.Allowed(scope, server, item)))
            {
                var name = kind.NameOf(item);
                var exposed = scope.Aggregate ? ToolNaming.Namespaced(server, name, separator) : name;
                if (byName.TryGetValue(exposed, out var owner))
                {
                    logger.LogError("Name collision: {Server}/{Name} and an item of {Owner} both become {Exposed}; the first one wins", server, name, owner.Server, exposed);
                    continue;
                }

                var entry = new CatalogEntry<T>(exposed, server, item);
                byName[exposed] = entry;
                entries.Add(entry);
            }
        }

        return new Built<T>([.. sources.Select(source => (object)source.Items)], entries, byName);
    }

    /// <summary>The entry a client named; on the aggregate route also under one of its server's aliases. Null for unknown and forbidden alike.</summary>
    public async Task<CatalogEntry<T>?> FindAsync<T>(GatewayScope scope, Kind<T> kind, string name, CancellationToken cancellationToken)
    {
        var catalog = await BuildAsync(scope, kind, includeUnavailable: true, cancellationToken);
        if (catalog.ByName.TryGetValue(name, out var found) || !scope.Aggregate)
        {
            return found;
        }

        var separator = options.Value.ToolNameSeparator;
        return catalog.Entries.FirstOrDefault(entry => directory.Servers[entry.Server].Aliases
            .Any(alias => string.Equals(ToolNaming.Namespaced(alias, kind.NameOf(entry.Item), separator), name, StringComparison.Ordinal)));
    }

    /// <summary>A scope's entries and the upstream lists (by identity) they were built from.</summary>
    private sealed record Built<T>(IReadOnlyList<object> Sources, IReadOnlyList<CatalogEntry<T>> Entries, Dictionary<string, CatalogEntry<T>> ByName)
    {
        public bool IsFrom(List<(string Server, IReadOnlyList<T> Items)> sources) =>
            Sources.Count == sources.Count && sources.Select((source, i) => ReferenceEquals(Sources[i], source.Items)).All(same => same);
    }
}
