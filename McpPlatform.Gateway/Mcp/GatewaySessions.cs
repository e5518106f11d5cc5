using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Limits;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// Gives each MCP session (or stateless request) handlers bound to its own scope — key, route and
/// <c>x-mcp-servers</c> header — when the SDK creates it, and counts the sessions of each key against its limit.
/// </summary>
internal static class GatewaySessions
{
    // The session's options object is what ConfigureAsync and RunAsync both see.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<McpServerOptions, SessionState> Sessions = new();

    public static Task ConfigureAsync(HttpContext context, McpServerOptions options, CancellationToken cancellationToken)
    {
        // ServerRouteValidation already answered 404 for a route without a scope; fail closed regardless.
        var services = context.RequestServices;
        if (services.GetRequiredService<GatewayScopeResolver>().Resolve(context) is not { } scope)
        {
            throw new UnauthorizedAccessException("The request has no gateway scope.");
        }

        var limiter = services.GetRequiredService<ResourceLimiter>();
        var upstreams = new SessionUpstreams(services.GetRequiredService<UpstreamPool>(), limiter, scope.Key.Name);
        var state = new SessionState(scope, upstreams);
        if (CreatesSession(context))
        {
            // Past the key's or the gateway's limit this throws, before the SDK has started anything: SessionLimitResponses answers 429.
            state.SessionPermit = limiter.Acquire(LimitedResource.Session, scope.Key.Name);
            if (HttpMethods.IsGet(context.Request.Method))
            {
                var limits = services.GetRequiredService<IOptions<GatewayOptions>>().Value.Limits;
                state.IdleWatch = new SessionIdleWatch(services.GetRequiredService<TimeProvider>(), limits.SessionIdleTimeout);
            }

            // Should the SDK fail before the session runs, RunAsync never gives the permit back: the request's end does.
            context.Response.RegisterForDispose(new ReleaseUnlessRun(state));
        }

        Sessions.AddOrUpdate(options, state);

        options.Handlers.ListToolsHandler = (request, ct) => GatewayMcpHandlers.ListToolsAsync(scope, request, ct);
        options.Handlers.CallToolHandler = (request, ct) => GatewayMcpHandlers.CallToolAsync(scope, upstreams, request, ct);
        options.Handlers.SetLoggingLevelHandler = async (request, ct) =>
        {
            if (request.Params?.Level is { } level)
            {
                await upstreams.SetLoggingLevelAsync(level, ct);
            }

            return new ModelContextProtocol.Protocol.EmptyResult();
        };
        options.Handlers.ListPromptsHandler = (request, ct) => PromptHandlers.ListAsync(scope, request, ct);
        options.Handlers.GetPromptHandler = (request, ct) => PromptHandlers.GetAsync(scope, request, ct);
        options.Handlers.ListResourcesHandler = (request, ct) => ResourceHandlers.ListAsync(scope, request, ct);
        options.Handlers.ListResourceTemplatesHandler = (request, ct) => ResourceHandlers.ListTemplatesAsync(scope, request, ct);
        options.Handlers.ReadResourceHandler = (request, ct) => ResourceHandlers.ReadAsync(scope, request, ct);
        options.Handlers.SubscribeToResourcesHandler = (request, ct) => ResourceHandlers.SubscribeAsync(scope, upstreams, request, ct);
        options.Handlers.UnsubscribeFromResourcesHandler = (request, ct) => ResourceHandlers.UnsubscribeAsync(scope, upstreams, request, ct);
        options.Handlers.CompleteHandler = (request, ct) => CompletionHandler.CompleteAsync(scope, request, ct);
        return Task.CompletedTask;
    }

    /// <summary>Runs a session, then disposes the upstream clients it owned and gives its permits back.</summary>
    public static async Task RunAsync(HttpContext context, McpServer server, CancellationToken cancellationToken)
    {
        var downstream = context.RequestServices.GetRequiredService<DownstreamSessions>();
        Sessions.TryGetValue(server.ServerOptions, out var state);
        if (state is not null)
        {
            state.Running = true; // before the first await: the SDK calls this while the initializing request is still on
            downstream.Add(server, state.Scope);
        }

        using var idleOrClosed = state?.IdleWatch is { } watch ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watch.Expired) : null;
        try
        {
            await server.RunAsync(idleOrClosed?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException) when (state?.IdleWatch?.Expired.IsCancellationRequested == true)
        {
            // An idle legacy SSE session: ending the run ends its GET stream, as if the client had closed it.
        }
        finally
        {
            downstream.Remove(server);
            if (state is not null)
            {
                Sessions.Remove(server.ServerOptions);
                await state.DisposeAsync();
            }
        }
    }

    /// <summary>The scope and upstream clients the server (a session, or one stateless request) was configured with.</summary>
    public static SessionState? StateOf(McpServer server) =>
        Sessions.TryGetValue(server.ServerOptions, out var state) ? state : null;

    /// <summary>
    /// Every incoming message of a legacy SSE session is activity for its <see cref="SessionIdleWatch"/>; a request is
    /// activity until it has been answered.
    /// </summary>
    public static McpMessageHandler TrackActivity(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (StateOf(context.Server)?.IdleWatch is not { } watch)
        {
            await next(context, cancellationToken);
            return;
        }

        using (watch.Begin())
        {
            await next(context, cancellationToken);
        }
    };

    /// <summary>
    /// A new session: a streamable HTTP <c>initialize</c> (the SDK has just given the response its session id) or a legacy
    /// SSE stream (GET; streamable HTTP's GET never creates one). Stateless requests of 2026-07-28 clients are not sessions.
    /// </summary>
    private static bool CreatesSession(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || context.Response.Headers.ContainsKey("Mcp-Session-Id");

    /// <summary>What one session (or stateless request) holds; disposed when it ends.</summary>
    internal sealed class SessionState(GatewayScope scope, SessionUpstreams upstreams) : IAsyncDisposable
    {
        public GatewayScope Scope { get; } = scope;

        public SessionUpstreams Upstreams { get; } = upstreams;

        /// <summary>The session's place in its key's count of sessions; null for a stateless request.</summary>
        public IDisposable? SessionPermit { get; set; }

        /// <summary>Ends an idle legacy SSE session; null for every other kind.</summary>
        public SessionIdleWatch? IdleWatch { get; set; }

        public bool Running { get; set; }

        public async ValueTask DisposeAsync()
        {
            // The session is over for its client at once; its upstream clients count until their processes are gone.
            IdleWatch?.Dispose();
            SessionPermit?.Dispose();
            await Upstreams.DisposeAsync();
        }
    }

    /// <summary>Gives a session's permit back when its initializing request ends without the session having run.</summary>
    private sealed class ReleaseUnlessRun(SessionState state) : IDisposable
    {
        public void Dispose()
        {
            if (!state.Running)
            {
                state.IdleWatch?.Dispose();
                state.SessionPermit?.Dispose();
            }
        }
    }
}
