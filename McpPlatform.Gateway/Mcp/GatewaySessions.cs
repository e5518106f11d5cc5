using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Limits;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// The gateway's downstream sessions: gives each MCP session (or stateless request) its <see cref="GatewaySession"/>
/// when the SDK configures it (scope from key, route and <c>x-mcp-servers</c>; a permit of its key's sessions), runs it,
/// disposes it when it ends, and tells the running ones that see a server when that server's lists change. When a
/// virtual key changes (a new copy of the keys table, <see cref="VirtualKeyCache.Changed"/>: within seconds on every
/// process), its running sessions get a scope worked out again from its new rules (<see cref="Rescope"/>): narrowed
/// rules hide tools at once, and the sessions are told their lists changed. A revoked, disabled or deleted key's
/// sessions keep no server at all; their requests are refused with 401 anyway, as every request is authenticated again.
/// </summary>
internal sealed class GatewaySessions
{
    private static readonly string[] ListChangedMethods =
        [NotificationMethods.ToolListChangedNotification, NotificationMethods.PromptListChangedNotification, NotificationMethods.ResourceListChangedNotification];

    // The SDK gives each session (and each stateless request) an options object of its own: the session's identity.
    private readonly ConditionalWeakTable<McpServerOptions, GatewaySession> configured = new();
    private readonly ConcurrentDictionary<McpServer, GatewaySession> running = new();
    private readonly GatewayScopeResolver scopes;
    private readonly UpstreamPool pool;
    private readonly ResourceLimiter limiter;
    private readonly IOptions<GatewayOptions> options;
    private readonly TimeProvider time;
    private readonly GatewayMetrics metrics;
    private readonly ApiKeyStore keyStore;
    private readonly ILogger<GatewaySessions> logger;
    private readonly VirtualKeyCache? virtualKeys;

    // Scopes are worked out again one session at a time, always from the newest copy of the keys (never an older one after a newer).
    private readonly Lock rescopeGate = new();

    public GatewaySessions(
        GatewayScopeResolver scopes,
        UpstreamPool pool,
        ResourceLimiter limiter,
        IOptions<GatewayOptions> options,
        TimeProvider time,
        UpstreamEvents events,
        GatewayMetrics metrics,
        ApiKeyStore keyStore,
        ILogger<GatewaySessions> logger,
        VirtualKeyCache? virtualKeys = null)
    {
        this.metrics = metrics;
        this.keyStore = keyStore;
        this.logger = logger;
        this.virtualKeys = virtualKeys;
        this.scopes = scopes;
        this.pool = pool;
        this.limiter = limiter;
        this.options = options;
        this.time = time;
        events.ListChanged += Notify;
        if (virtualKeys is not null)
        {
            virtualKeys.Changed += Rescope;
        }
    }

    /// <summary>The session a server (a session, or one stateless request) was configured with.</summary>
    public GatewaySession? Find(McpServer server) => configured.TryGetValue(server.ServerOptions, out var session) ? session : null;

    /// <summary>The SDK's <c>ConfigureSessionOptions</c>: a new session (or stateless request) gets its <see cref="GatewaySession"/>.</summary>
    public static Task ConfigureAsync(HttpContext context, McpServerOptions serverOptions, CancellationToken cancellationToken) =>
        context.RequestServices.GetRequiredService<GatewaySessions>().Configure(context, serverOptions);

    /// <summary>The SDK's <c>RunSessionHandler</c>: runs a session, then disposes what it owned.</summary>
    public static Task RunAsync(HttpContext context, McpServer server, CancellationToken cancellationToken) =>
        context.RequestServices.GetRequiredService<GatewaySessions>().RunAsync(server, cancellationToken);

    private Task Configure(HttpContext context, McpServerOptions serverOptions)
    {
        // ServerRouteValidation already answered 404 for a route without a scope; fail closed regardless.
        var scope = scopes.Resolve(context, out var request) ?? throw new UnauthorizedAccessException("The request has no gateway scope.");
        // The version of the rules the scope was worked out from (not the newest copy's: the key may have changed since
        // the request was authenticated; RunAsync catches that up).
        var session = new GatewaySession(scope, request, new SessionUpstreams(pool, limiter, scope.Key.Name))
        {
            KeyUpdatedAt = scope.Key.Version,
        };
        if (CreatesSession(context))
        {
            // Past the key's or the gateway's limit this throws, before the SDK has started anything: SessionLimitResponses answers 429.
            session.SessionPermit = limiter.Acquire(LimitedResource.Session, scope.Key.Name);
            if (HttpMethods.IsGet(context.Request.Method))
            {
                session.IdleWatch = new SessionIdleWatch(time, options.Value.Limits.SessionIdleTimeout);
            }

            // Should the SDK fail before the session runs, RunAsync never gives the permit back: the request's end does.
            context.Response.RegisterForDispose(new ReleaseUnlessRun(session));
        }

        configured.AddOrUpdate(serverOptions, session);
        return Task.CompletedTask;
    }

    private async Task RunAsync(McpServer server, CancellationToken cancellationToken)
    {
        var session = Find(server);
        if (session is not null)
        {
            session.Running = true; // before the first await: the SDK calls this while the initializing request is still on
            running[server] = session;
        }

        metrics.SessionStarted();

        using var idleOrClosed = session?.IdleWatch is { } watch ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watch.Expired) : null;
        try
        {
            if (session is not null)
            {
                CatchUpWithKeyChanges(session);
            }

            await server.RunAsync(idleOrClosed?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException) when (session?.IdleWatch?.Expired.IsCancellationRequested == true)
        {
            // An idle legacy SSE session: ending the run ends its GET stream, as if the client had closed it.
        }
        finally
        {
            metrics.SessionEnded();
            running.TryRemove(server, out _);
            if (session is not null)
            {
                configured.Remove(server.ServerOptions);
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Every incoming message of a legacy SSE session is activity for its <see cref="SessionIdleWatch"/>; a request is
    /// activity until it has been answered.
    /// </summary>
    public static McpMessageHandler TrackActivity(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if ((context.Services ?? context.Server.Services)?.GetService<GatewaySessions>()?.Find(context.Server)?.IdleWatch is not { } watch)
        {
            await next(context, cancellationToken);
            return;
        }

        using (watch.Begin())
        {
            await next(context, cancellationToken);
        }
    };

    /// <summary>A server's list changed (or it went down or came back): the running sessions that see it are told.</summary>
    private void Notify(string server, string method)
    {
        foreach (var (downstream, session) in running)
        {
            if (session.Scope.Servers.Contains(server))
            {
                _ = downstream.SendNotificationAsync(method, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// A new copy of the virtual keys: each running session of a key that changed since its scope was worked out gets the
    /// scope of the key's current rules (none when the key is no longer active), and is told that its tools, prompts and
    /// resources lists changed. Runs on the key feed's thread: quick, no I/O, never throws.
    /// </summary>
    private void Rescope(VirtualKeySnapshot published)
    {
        List<McpServer> changed = [];
        lock (rescopeGate)
        {
            // The newest copy, not necessarily the one this event carries: events of two copies may run out of order.
            var snapshot = virtualKeys?.Snapshot ?? published;
            var now = time.GetUtcNow();
            foreach (var (downstream, session) in running)
            {
                if (Apply(session, snapshot, now))
                {
                    changed.Add(downstream);
                }
            }
        }

        foreach (var downstream in changed)
        {
            foreach (var method in ListChangedMethods)
            {
                _ = downstream.SendNotificationAsync(method, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// A key change published between this session's authentication and its start reached no running session: the
    /// session catches up with the newest copy of the keys before it serves anything (no list_changed: it has listed
    /// nothing yet).
    /// </summary>
    private void CatchUpWithKeyChanges(GatewaySession session)
    {
        if (virtualKeys is not null)
        {
            lock (rescopeGate)
            {
                Apply(session, virtualKeys.Snapshot, time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Gives a running session of a virtual key the scope of the key's rules in <paramref name="snapshot"/>; true when
    /// they changed. Fails closed: a scope that cannot be worked out leaves the session no server.
    /// </summary>
    private bool Apply(GatewaySession session, VirtualKeySnapshot snapshot, DateTimeOffset now)
    {
        var current = session.Scope;
        if (!current.Key.Name.StartsWith(KeySecret.IdStart, StringComparison.Ordinal))
        {
            return false; // a configuration key: its rules do not change while the gateway runs
        }

        var stored = snapshot.FindById(current.Key.Name);
        var active = stored is not null && stored.StatusAt(now) == VirtualKeyStatus.Active;
        var version = active ? stored!.UpdatedAt : DateTimeOffset.MinValue;
        if (version == session.KeyUpdatedAt)
        {
            return false;
        }

        try
        {
            session.Rescope(active ? scopes.Resolve(keyStore.Compile(stored!), session.Request) : current with { Servers = [] });
        }
        catch (Exception ex)
        {
            session.Rescope(current with { Servers = [] });
            logger.LogError(ex, "Could not apply the changed rules of key {KeyId} to an open session; the session keeps no server", current.Key.Name);
        }

        session.KeyUpdatedAt = version;
        return true;
    }

    /// <summary>
    /// A new session: a streamable HTTP <c>initialize</c> (the SDK has just given the response its session id) or a legacy
    /// SSE stream (GET; streamable HTTP's GET never creates one). Stateless requests of 2026-07-28 clients are not sessions.
    /// </summary>
    private static bool CreatesSession(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || context.Response.Headers.ContainsKey("Mcp-Session-Id");

    /// <summary>Gives a session's permit back when its initializing request ends without the session having run.</summary>
    private sealed class ReleaseUnlessRun(GatewaySession session) : IDisposable
    {
        public void Dispose()
        {
            if (!session.Running)
            {
                session.ReleasePermits();
            }
        }
    }
}
