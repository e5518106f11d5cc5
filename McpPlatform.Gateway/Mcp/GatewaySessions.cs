using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// Gives each MCP session (or stateless request) handlers bound to its own scope — key, route and
/// <c>x-mcp-servers</c> header — when the SDK creates it.
/// </summary>
internal static class GatewaySessions
{
    // The session's options object is what ConfigureAsync and RunAsync both see.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<McpServerOptions, SessionState> Sessions = new();

    public static Task ConfigureAsync(HttpContext context, McpServerOptions options, CancellationToken cancellationToken)
    {
        // ServerRouteValidation already answered 404 for a route without a scope; fail closed regardless.
        if (context.RequestServices.GetRequiredService<GatewayScopeResolver>().Resolve(context) is not { } scope)
        {
            throw new UnauthorizedAccessException("The request has no gateway scope.");
        }

        var upstreams = new SessionUpstreams(context.RequestServices.GetRequiredService<UpstreamPool>());
        Sessions.AddOrUpdate(options, new SessionState(scope, upstreams));

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

    /// <summary>Runs a session, then disposes the upstream clients it owned.</summary>
    public static async Task RunAsync(HttpContext context, McpServer server, CancellationToken cancellationToken)
    {
        var downstream = context.RequestServices.GetRequiredService<DownstreamSessions>();
        Sessions.TryGetValue(server.ServerOptions, out var state);
        if (state is not null)
        {
            downstream.Add(server, state.Scope);
        }

        try
        {
            await server.RunAsync(cancellationToken);
        }
        finally
        {
            downstream.Remove(server);
            if (state is not null)
            {
                Sessions.Remove(server.ServerOptions);
                await state.Upstreams.DisposeAsync();
            }
        }
    }

    /// <summary>The scope and upstream clients the server (a session, or one stateless request) was configured with.</summary>
    public static SessionState? StateOf(McpServer server) =>
        Sessions.TryGetValue(server.ServerOptions, out var state) ? state : null;

    internal sealed record SessionState(GatewayScope Scope, SessionUpstreams Upstreams);
}
