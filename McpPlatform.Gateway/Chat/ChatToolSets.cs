using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Limits;
using McpPlatform.Gateway.Mcp;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// The MCP tools a chat request offers its model: for each <c>mcp</c> entry, the tools of the key's catalog (the
/// request's reach: the key's servers, narrowed by <c>x-mcp-servers</c> as on <c>/mcp</c>) on the entry's server,
/// narrowed by its <c>allowed_tools</c>; named as on <c>/mcp</c> (<c>server-tool</c>). Their calls run in one
/// <see cref="GatewaySession"/> of the request, on the shared upstreams.
/// </summary>
internal sealed class ChatToolSets(
    GatewayScopeResolver scopes, ServerDirectory directory, ToolCatalog catalog, UpstreamPool pool, ResourceLimiter limiter, ApiKeyStore keys)
{
    public GatewayKey KeyOf(HttpContext context) => context.User.RequireGatewayKey(keys);

    public async Task<(GatewaySession? Session, IReadOnlyList<McpToolFunction> Tools)> ResolveAsync(
        HttpContext context, IServiceProvider services, IReadOnlyList<McpToolsRequest> requests, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
        {
            return (null, []);
        }

        var reach = scopes.Resolve(context) ?? throw new UnauthorizedAccessException("The request has no gateway scope.");
        var chosen = new List<(McpToolsRequest Request, GatewayScope Scope)>();
        foreach (var request in requests)
        {
            IReadOnlyList<string> servers = reach.Servers;
            if (request.Server is { } named)
            {
                // Unknown, disabled and not the key's are answered alike, as on /mcp/{server}.
                servers = directory.TryResolve(named, out var canonical) && reach.Servers.Contains(canonical)
                    ? [canonical]
                    : throw ChatRequestException.Invalid($"Unknown MCP server '{named}'.", "tools");
            }

            chosen.Add((request, new GatewayScope(reach.Key, servers, Aggregate: true)));
        }

        // The request's own session, not one of GatewaySessions' (nothing rescopes it: it ends with the request). The chat
        // request holds one of the key's calls in flight (KeyCallLimiter, as every /v1 request): its tool calls, run one
        // at a time inside it, are counted by that one.
        var session = new GatewaySession(
            new GatewayScope(reach.Key, [.. chosen.SelectMany(pair => pair.Scope.Servers).Distinct(StringComparer.Ordinal)], Aggregate: true),
            new ScopeRequest(RoutedServer: null, HeaderServers: null),
            new SessionUpstreams(pool, limiter, reach.Key.Name) { CallsHeldByRequest = true })
        {
            // The chat request's headers that servers with ForwardHeaders get on its tool calls, as an MCP request's.
            ClientHeaders = services.GetRequiredService<McpRequestRecorder>().CaptureClientHeaders(context.Request.Headers),
        };
        var tools = new Dictionary<string, McpToolFunction>(StringComparer.Ordinal);
        foreach (var (request, scope) in chosen)
        {
            foreach (var tool in await catalog.ListAsync(scope, cancellationToken))
            {
                if (request.AllowedTools is null || request.AllowedTools.Contains(tool.ExposedName) || request.AllowedTools.Contains(tool.Item.Name))
                {
                    tools.TryAdd(tool.ExposedName, new McpToolFunction(services, session, tool, request.Label));
                }
            }
        }

        return (session, [.. tools.Values]);
    }
}
