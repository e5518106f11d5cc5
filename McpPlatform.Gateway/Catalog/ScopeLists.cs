using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// Gathers one kind of list from the servers of a scope side by side: a server that has listed before answers at once
/// (its cache refreshes in the background), one listing for the first time is waited for until the list deadline, and
/// a server that is down is left out (or, to find an item by name, seen through its last listing). No server's
/// listing ever waits for another's.
/// </summary>
public sealed class ScopeLists(UpstreamPool upstreams, IOptions<GatewayOptions> options)
{
    public async ValueTask<IReadOnlyList<ServerList<T>>> GatherAsync<T>(
        IReadOnlyList<string> servers, Func<Upstream, ListCache<T>> listOf, bool includeDown, CancellationToken cancellationToken)
    {
        var deadline = options.Value.ListDeadline;
        var found = new ServerList<T>?[servers.Count];
        List<(int Index, Task<ListSnapshot<T>?> Listing)>? waiting = null;
        for (var i = 0; i < servers.Count; i++)
        {
            if (upstreams.Get(servers[i]) is not { } upstream)
            {
                continue;
            }

            var list = listOf(upstream);
            if (upstream.Health.IsDown)
            {
                found[i] = includeDown && list.Current is { } last ? new(servers[i], last) : null;
                continue;
            }

            var listing = list.GetAsync(deadline, cancellationToken);
            if (listing.IsCompletedSuccessfully)
            {
                found[i] = listing.Result is { } snapshot ? new(servers[i], snapshot) : null;
            }
            else
            {
                (waiting ??= []).Add((i, listing.AsTask()));
            }
        }

        if (waiting is not null)
        {
            await Task.WhenAll(waiting.Select(entry => entry.Listing));
            foreach (var (index, listing) in waiting)
            {
                found[index] = listing.Result is { } snapshot ? new(servers[index], snapshot) : null;
            }
        }

        var lists = new List<ServerList<T>>(servers.Count);
        foreach (var list in found)
        {
            if (list is not null)
            {
                lists.Add(list);
            }
        }

        return lists;
    }
}

/// <summary>One server's listing of one kind.</summary>
public sealed record ServerList<T>(string Server, ListSnapshot<T> Snapshot);
