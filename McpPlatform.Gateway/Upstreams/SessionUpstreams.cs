using System.Collections.Concurrent;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// Sampling and roots are deprecated in 2026-07-28 but are what 2025-xx clients and servers use.
#pragma warning disable MCP9005

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// The upstream clients of one downstream session. A client that can answer server-to-client requests
/// (sampling, elicitation, roots) gets clients of its own, whose requests go back to that client's session;
/// every other session shares the pool's clients. Disposed with the session.
/// </summary>
public sealed class SessionUpstreams(UpstreamPool pool) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, UpstreamClient> own = new(StringComparer.Ordinal);

    /// <summary>The client to reach <paramref name="server"/> for a request of <paramref name="downstream"/>.</summary>
    public UpstreamClient For(string server, McpServer downstream)
    {
        if (downstream.SessionId is null || downstream.ClientCapabilities is not { } capabilities
            || (capabilities.Sampling is null && capabilities.Elicitation is null && capabilities.Roots is null))
        {
            return pool.Get(server)!;
        }

        return own.GetOrAdd(server, name => pool.Create(name, Handlers(downstream, capabilities), Mirror(capabilities)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in own.Values)
        {
            await client.DisposeAsync();
        }

        own.Clear();
    }

    private static McpClientHandlers Handlers(McpServer downstream, ClientCapabilities capabilities) => new()
    {
        SamplingHandler = capabilities.Sampling is null ? null : async (request, _, ct) => await downstream.SampleAsync(request!, ct),
        ElicitationHandler = capabilities.Elicitation is null ? null : async (request, ct) => await downstream.ElicitAsync(request!, ct),
        RootsHandler = capabilities.Roots is null ? null : async (request, ct) => await downstream.RequestRootsAsync(request ?? new ListRootsRequestParams(), ct),
    };

    /// <summary>The gateway offers upstream exactly what the downstream client offers it.</summary>
    private static ClientCapabilities Mirror(ClientCapabilities capabilities) => new()
    {
        Sampling = capabilities.Sampling,
        Elicitation = capabilities.Elicitation,
        Roots = capabilities.Roots,
    };
}
