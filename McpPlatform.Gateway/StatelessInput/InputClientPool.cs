using System.Collections.Concurrent;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

#pragma warning disable MCP9005 // Sampling and roots: what upstreams speaking 2025-11-25 send.

namespace McpPlatform.Gateway.StatelessInput;

/// <summary>
/// Upstream clients that can answer sampling, elicitation and roots for stateless (2026-07-28) downstream
/// clients: one call holds a client at a time, so an upstream's question reaches the client whose call caused it.
/// Kept per server and offered capabilities, reused (an stdio upstream is not started per call), a few idle at most:
/// rented clients count against their caller's limits (<see cref="PendingCalls"/>), idle ones against <see cref="MaxIdle"/>,
/// so that calls with every mix of capabilities on every server cannot leave an idle process per mix behind.
/// </summary>
internal sealed class InputClientPool(UpstreamPool upstreams) : IAsyncDisposable
{
    private const int MaxIdlePerKind = 4;
    private const int MaxIdle = 8;

    private readonly ConcurrentDictionary<string, ConcurrentBag<RentedClient>> idle = new(StringComparer.Ordinal);
    private int idleCount;

    public RentedClient Rent(string server, ClientCapabilities capabilities)
    {
        var kind = Kind(server, capabilities);
        if (idle.TryGetValue(kind, out var bag) && bag.TryTake(out var reused))
        {
            Interlocked.Decrement(ref idleCount);
            return reused;
        }

        var rented = new RentedClient(server, capabilities);
        rented.Upstream = upstreams.Create(server, Handlers(rented, capabilities), CapabilityMirror.Of(capabilities));
        return rented;
    }

    /// <summary>Takes a client back once its call ended; a client whose call was abandoned is closed instead.</summary>
    public async Task ReturnAsync(RentedClient client, bool reusable)
    {
        client.Holder = null;
        var bag = idle.GetOrAdd(Kind(client.Server, client.Capabilities), _ => []);
        if (reusable && bag.Count < MaxIdlePerKind)
        {
            if (Interlocked.Increment(ref idleCount) <= MaxIdle)
            {
                bag.Add(client);
                return;
            }

            Interlocked.Decrement(ref idleCount); // the pool holds enough idle clients: this one is closed
        }

        await client.Upstream.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in idle.Values.SelectMany(bag => bag))
        {
            await client.Upstream.DisposeAsync();
        }

        idle.Clear();
    }

    private static string Kind(string server, ClientCapabilities capabilities) =>
        $"{server}|{capabilities.Sampling is not null}|{capabilities.Elicitation is not null}|{capabilities.Roots is not null}";

    private static McpClientHandlers Handlers(RentedClient client, ClientCapabilities capabilities) => new()
    {
        SamplingHandler = capabilities.Sampling is null ? null : async (request, _, ct) =>
            (await client.RequireHolder().AskAsync(InputRequest.ForSampling(request!), ct)).Deserialize(InputResponse.CreateMessageResultJsonTypeInfo)!,
        ElicitationHandler = capabilities.Elicitation is null ? null : async (request, ct) =>
            (await client.RequireHolder().AskAsync(InputRequest.ForElicitation(request!), ct)).Deserialize(InputResponse.ElicitResultJsonTypeInfo)!,
        RootsHandler = capabilities.Roots is null ? null : async (request, ct) =>
            (await client.RequireHolder().AskAsync(InputRequest.ForRootsList(request ?? new ListRootsRequestParams()), ct)).Deserialize(InputResponse.ListRootsResultJsonTypeInfo)!,
    };
}
