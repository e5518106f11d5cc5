namespace McpPlatform.Gateway.Routing;

/// <summary>
/// How a request narrowed its reach, kept with a session so that its scope can be worked out again when its key's rules
/// change (<see cref="GatewayScopeResolver.Resolve(Auth.GatewayKey, ScopeRequest)"/>).
/// </summary>
/// <param name="RoutedServer">The server <c>/mcp/{server}</c> named (canonical), or null on <c>/mcp</c>.</param>
/// <param name="HeaderServers">The servers <c>x-mcp-servers</c> named (canonical), or null when the header was absent.</param>
public sealed record ScopeRequest(string? RoutedServer, IReadOnlySet<string>? HeaderServers);
