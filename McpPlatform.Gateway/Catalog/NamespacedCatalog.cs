using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// Lists named items (tools, prompts) of the servers in a scope under the names the route uses, and finds one
/// by the name a client used: namespaced on the aggregate route (also under a server alias), original on a
/// server's route. A server that is down, or slow to list for the first time, is left out so that the others still work.
/// </summary>
public sealed class NamespacedCatalog(ServerDirectory directory, ScopeLists lists, IOptions<GatewayOptions> options, ILogger<NamespacedCatalog> logger)
{
    private const int MaxMemos = 1024;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Kind, string Key, bool Aggregate, string Servers), object> built = new();

    /// <summary>How to read one kind of item from an upstream.</summary>
    /// <param name="Label">What it is, for logs (<c>tools</c>).</param>
    /// <param name="ListOf">The upstream's list of it.</param>
    /// <param name="NameOf">An item's name.</param>
    /// <param name="Allowed">Whether the scope's key may see an item of a server.</param>
    /// <param name="FindWhileDown">Whether a down server's items are still found by name (tools: a call gets a clear "unavailable").</param>
    public sealed record Kind<T>(string Label, Func<Upstream, ListCache<T>> ListOf, Func<T, string> NameOf, Func<GatewayScope, string, T, bool> Allowed, bool FindWhileDown);

    public async Task<IReadOnlyList<CatalogEntry<T>>> ListAsync<T>(GatewayScope scope, Kind<T> kind, CancellationToken cancellationToken) =>
        (await BuildAsync(scope, scope.Servers, kind, includeDown: false, cancellationToken)).Entries;

    /// <summary>
    /// The entry a client named; on the aggregate route also under one of its server's aliases. Null for unknown and
    /// forbidden alike. Only the servers whose name or alias can begin the name are looked at: finding a tool never
    /// waits for another server's list.
    /// </summary>
    public async Task<CatalogEntry<T>?> FindAsync<T>(GatewayScope scope, Kind<T> kind, string name, CancellationToken cancellationToken)
    {
        var separator = options.Value.ToolNameSeparator;
        var servers = scope.Aggregate ? Candidates(scope, name, separator) : scope.Servers;
        if (servers.Count == 0)
        {
            return null;
        }

        var catalog = await BuildAsync(scope, servers, kind, kind.FindWhileDown, cancellationToken);
        if (catalog.ByName.TryGetValue(name, out var found) || !scope.Aggregate)
        {
            return found;
        }

        return catalog.Entries.FirstOrDefault(entry => directory.Servers[entry.Server].Aliases
            .Any(alias => string.Equals(ToolNaming.Namespaced(alias, kind.NameOf(entry.Item), separator), name, StringComparison.Ordinal)));
    }

    /// <summary>The scope's servers that can have an item of this exposed name: names begin with the server's name or an alias.</summary>
    private List<string> Candidates(GatewayScope scope, string name, string separator) =>
        [.. scope.Servers.Where(server => Begins(name, server, separator)
            || directory.Servers[server].Aliases.Any(alias => Begins(name, alias, separator)))];

    private static bool Begins(string name, string prefix, string separator) =>
        name.Length > prefix.Length + separator.Length
        && name.StartsWith(prefix, StringComparison.Ordinal)
        && name.AsSpan(prefix.Length).StartsWith(separator, StringComparison.Ordinal);

    /// <summary>
    /// The entries of these servers, built once per set of list versions: a call does not rebuild names and access
    /// checks for every tool of every server unless a list changed.
    /// </summary>
    private async Task<Built<T>> BuildAsync<T>(GatewayScope scope, IReadOnlyList<string> servers, Kind<T> kind, bool includeDown, CancellationToken cancellationToken)
    {
        var sources = await lists.GatherAsync(servers, kind.ListOf, includeDown, cancellationToken);
        var memoKey = (kind.Label, scope.Key.Name, scope.Aggregate, string.Join(',', servers));
        // The same key object too: a virtual key changed by an admin is compiled anew and must not see the old rules' lists.
        if (built.TryGetValue(memoKey, out var memo) && memo is Built<T> known && ReferenceEquals(known.Key, scope.Key) && known.IsFrom(sources))
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

    private Built<T> Build<T>(GatewayScope scope, Kind<T> kind, IReadOnlyList<ServerList<T>> sources)
    {
        var separator = options.Value.ToolNameSeparator;
        var entries = new List<CatalogEntry<T>>();
        var byName = new Dictionary<string, CatalogEntry<T>>(StringComparer.Ordinal);
        foreach (var (server, snapshot) in sources)
        {
            foreach (var item in snapshot.Items.Where(item => kind.Allowed(scope, server, item)))
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

        return new Built<T>(scope.Key, [.. sources.Select(source => (source.Server, source.Snapshot.Version))], entries, byName);
    }

    /// <summary>A scope's entries and the servers' list versions they were built from.</summary>
    private sealed record Built<T>(Auth.GatewayKey Key, IReadOnlyList<(string Server, long Version)> Sources, IReadOnlyList<CatalogEntry<T>> Entries, Dictionary<string, CatalogEntry<T>> ByName)
    {
        public bool IsFrom(IReadOnlyList<ServerList<T>> sources)
        {
            if (Sources.Count != sources.Count)
            {
                return false;
            }

            for (var i = 0; i < sources.Count; i++)
            {
                if (Sources[i].Version != sources[i].Snapshot.Version || !string.Equals(Sources[i].Server, sources[i].Server, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
