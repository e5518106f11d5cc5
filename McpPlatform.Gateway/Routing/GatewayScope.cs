using McpPlatform.Gateway.Auth;

namespace McpPlatform.Gateway.Routing;

/// <summary>What one MCP session or request may see: the key, the servers in reach, and how tools are named.</summary>
/// <param name="Key">The authenticated key.</param>
/// <param name="Servers">Canonical names of the servers in reach (granted to the key, enabled, and narrowed by route or header).</param>
/// <param name="Aggregate">True on <c>/mcp</c>: names are namespaced by server. False on <c>/mcp/{server}</c>: original names.</param>
public sealed record GatewayScope(GatewayKey Key, IReadOnlyList<string> Servers, bool Aggregate);
