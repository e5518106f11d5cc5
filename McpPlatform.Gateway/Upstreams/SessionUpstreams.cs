using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// The upstream clients of one downstream session. A client that can answer server-to-client requests
/// (sampling, elicitation, roots), or that asked for log messages (logging/setLevel), gets clients of its own,
/// whose requests and log messages go back to that client's session; every other session shares the pool's
/// clients. Disposed with the session.
/// </summary>
public sealed class SessionUpstreams(UpstreamPool pool) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<UpstreamClient>>> own = new(StringComparer.Ordinal);
    private LoggingLevel? loggingLevel;
    private bool subscribed;

    /// <summary>The client to reach <paramref name="server"/> for a request of <paramref name="downstream"/>.</summary>
    public async Task<UpstreamClient> ForAsync(string server, McpServer downstream, CancellationToken cancellationToken)
    {
        var capabilities = downstream.ClientCapabilities ?? new ClientCapabilities();
        var asksServer = capabilities.Sampling is not null || capabilities.Elicitation is not null || capabilities.Roots is not null;
        if (downstream.SessionId is null || (!asksServer && loggingLevel is null && !subscribed))
        {
            return pool.Get(server)!;
        }

        return await own.GetOrAdd(server, name => new Lazy<Task<UpstreamClient>>(async () =>
        {
            var client = pool.Create(name, Handlers(downstream, capabilities), CapabilityMirror.Of(capabilities));
            if (loggingLevel is { } level)
            {
                await client.SetLoggingLevelAsync(level, cancellationToken);
            }

            return client;
        })).Value;
    }

    /// <summary>Subscribes the session to a resource of <paramref name="server"/>: its updates come back to this session.</summary>
    public async Task SubscribeAsync(string server, string uri, McpServer downstream, CancellationToken cancellationToken)
    {
        subscribed = true;
        await (await ForAsync(server, downstream, cancellationToken)).SubscribeAsync(uri, cancellationToken);
    }

    public async Task UnsubscribeAsync(string server, string uri, McpServer downstream, CancellationToken cancellationToken)
    {
        if (subscribed)
        {
            await (await ForAsync(server, downstream, cancellationToken)).UnsubscribeAsync(uri, cancellationToken);
        }
    }

    /// <summary>The session's client asked for log messages from this level: every upstream of the session is told.</summary>
    public async Task SetLoggingLevelAsync(LoggingLevel level, CancellationToken cancellationToken)
    {
        loggingLevel = level;
        foreach (var client in own.Values.Where(lazy => lazy.IsValueCreated))
        {
            await (await client.Value).SetLoggingLevelAsync(level, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in own.Values.Where(lazy => lazy.IsValueCreated))
        {
            await (await client.Value).DisposeAsync();
        }

        own.Clear();
    }

    private static McpClientHandlers Handlers(McpServer downstream, ClientCapabilities capabilities) => new()
    {
        SamplingHandler = capabilities.Sampling is null ? null : async (request, _, ct) => await downstream.SampleAsync(request!, ct),
        ElicitationHandler = capabilities.Elicitation is null ? null : async (request, ct) => await downstream.ElicitAsync(request!, ct),
        RootsHandler = capabilities.Roots is null ? null : async (request, ct) => await downstream.RequestRootsAsync(request ?? new ListRootsRequestParams(), ct),
        NotificationHandlers =
        [
            Forward(downstream, NotificationMethods.LoggingMessageNotification),
            Forward(downstream, NotificationMethods.ResourceUpdatedNotification),
        ],
    };

    private static KeyValuePair<string, Func<JsonRpcNotification, CancellationToken, ValueTask>> Forward(McpServer downstream, string method) =>
        new(method, (notification, ct) => new ValueTask(downstream.SendNotificationAsync(method, notification.Params, McpJsonUtilities.DefaultOptions, ct)));
}
