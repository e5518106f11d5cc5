using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Limits;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// The gateway's downstream sessions: gives each MCP session (or stateless request) its <see cref="GatewaySession"/>
/// when the SDK configures it (scope from key, route and <c>x-mcp-servers</c>; a permit of its key's sessions), runs it,
/// disposes it when it ends, and tells the running ones that see a server when that server's lists change.
/// </summary>
internal sealed class GatewaySessions
{
    // The SDK gives each session (and each stateless request) an options object of its own: the session's identity.
    private readonly ConditionalWeakTable<McpServerOptions, GatewaySession> configured = new();
    private readonly ConcurrentDictionary<McpServer, GatewaySession> running = new();
    private readonly GatewayScopeResolver scopes;
    private readonly UpstreamPool pool;
    private readonly ResourceLimiter limiter;
    private readonly IOptions<GatewayOptions> options;
    private readonly TimeProvider time;
    private readonly GatewayMetrics metrics;

    public GatewaySessions(
        GatewayScopeResolver scopes, UpstreamPool pool, ResourceLimiter limiter, IOptions<GatewayOptions> options, TimeProvider time, UpstreamEvents events, GatewayMetrics metrics)
    {
        this.metrics = metrics;
        this.scopes = scopes;
        this.pool = pool;
        this.limiter = limiter;
        this.options = options;
        this.time = time;
        events.ListChanged += Notify;
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
        var scope = scopes.Resolve(context) ?? throw new UnauthorizedAccessException("The request has no gateway scope.");
        var session = new GatewaySession(scope, new SessionUpstreams(pool, limiter, scope.Key.Name));
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
