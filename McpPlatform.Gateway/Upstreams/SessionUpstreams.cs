using McpPlatform.Gateway.Limits;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// The upstream clients of one downstream session. A client that can answer server-to-client requests
/// (sampling, elicitation, roots), or that asked for log messages (logging/setLevel), gets clients of its own,
/// whose requests and log messages go back to that client's session; every other session shares the pool's
/// clients. Disposed with the session. Its own clients count against the key's <see cref="LimitedResource.UpstreamClient"/>
/// limit (for stdio, each is a process) and its tool calls against <see cref="LimitedResource.PendingCall"/>.
/// </summary>
public sealed class SessionUpstreams(UpstreamPool pool, ResourceLimiter limiter, string keyName) : IAsyncDisposable
{
    // Created with the first upstream of the session's own, under the gate: a stateless request or a session that only
    // uses the shared upstreams allocates neither (a ConcurrentBag owns a finalizable ThreadLocal: not per request).
    private readonly Lock gate = new();
    private Dictionary<string, Lazy<Task<Upstream>>>? own;
    private List<IDisposable>? ownPermits;
    private bool disposed;
    private LoggingLevel? loggingLevel;
    private bool subscribed;

    /// <summary>
    /// The client to reach <paramref name="server"/> for a request of <paramref name="downstream"/>; a request with no MCP
    /// session behind it (the REST surface: null) uses the shared one.
    /// </summary>
    public async Task<Upstream> ForAsync(string server, McpServer? downstream, CancellationToken cancellationToken)
    {
        var capabilities = downstream?.ClientCapabilities ?? new ClientCapabilities();
        var asksServer = capabilities.Sampling is not null || capabilities.Elicitation is not null || capabilities.Roots is not null;
        if (downstream?.SessionId is null || (!asksServer && loggingLevel is null && !subscribed))
        {
            return pool.Get(server)!;
        }

        Lazy<Task<Upstream>>? entry;
        lock (gate)
        {
            // A request still running when its session ended must not leave a client (a process) and its permit behind.
            ObjectDisposedException.ThrowIf(disposed, this);
            own ??= new(StringComparer.Ordinal);
            if (!own.TryGetValue(server, out entry))
            {
                // Counted before it is created, so that a session past its key's limit starts no process; refused, it
                // throws and nothing is cached, so the session may try again once another session gave a client back.
                (ownPermits ??= []).Add(limiter.Acquire(LimitedResource.UpstreamClient, keyName));
                entry = new Lazy<Task<Upstream>>(async () =>
                {
                    var client = pool.Create(server, Handlers(downstream, capabilities), CapabilityMirror.Of(capabilities));
                    if (loggingLevel is { } level)
                    {
                        await client.SetLoggingLevelAsync(level, cancellationToken);
                    }

                    return client;
                });
                own[server] = entry;
            }
        }

        var created = await entry.Value;
        if (Volatile.Read(ref disposed))
        {
            await created.DisposeAsync(); // the session ended while it was being created (disposing twice is harmless)
            throw new ObjectDisposedException(nameof(SessionUpstreams));
        }

        return created;
    }

    /// <summary>
    /// Set for the upstreams of one HTTP request that already holds one of the key's calls in flight for all its tool
    /// calls (a chat request: its tool loop runs one call at a time inside it), so they are not counted twice.
    /// </summary>
    public bool CallsHeldByRequest { get; init; }

    /// <summary>A permit for one tool call through these upstreams, held until the call ends (the key's calls in flight).</summary>
    public IDisposable StartCall() => CallsHeldByRequest ? NoPermit.Instance : limiter.Acquire(LimitedResource.PendingCall, keyName);

    private sealed class NoPermit : IDisposable
    {
        public static readonly NoPermit Instance = new();

        public void Dispose()
        {
        }
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
        List<Lazy<Task<Upstream>>> clients;
        lock (gate)
        {
            clients = own is null ? [] : [.. own.Values];
        }

        foreach (var client in clients.Where(lazy => lazy.IsValueCreated))
        {
            await (await client.Value).SetLoggingLevelAsync(level, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Lazy<Task<Upstream>>> clients;
        List<IDisposable> permits;
        lock (gate)
        {
            disposed = true;
            clients = own is null ? [] : [.. own.Values];
            permits = ownPermits ?? [];
            own = null;
            ownPermits = null;
        }

        try
        {
            foreach (var client in clients.Where(lazy => lazy.IsValueCreated))
            {
                await (await client.Value).DisposeAsync();
            }
        }
        finally
        {
            foreach (var permit in permits)
            {
                permit.Dispose(); // given back only once its process is gone
            }
        }
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
