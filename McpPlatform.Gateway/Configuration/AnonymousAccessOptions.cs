namespace McpPlatform.Gateway.Configuration;

/// <summary>
/// What an MCP request without an <c>Authorization</c> header may reach (<c>Gateway:Anonymous</c>). Off unless
/// <see cref="AccessOptions.Servers"/> names a server; only on those servers' own routes (<c>/mcp/{server}</c>),
/// never the aggregate <c>/mcp</c> or the REST APIs; and only from loopback unless <see cref="AllowRemote"/>. For local tools that send no headers (the MCP
/// conformance suite, a desktop client on the same machine).
/// </summary>
public sealed class AnonymousAccessOptions : AccessOptions
{
    /// <summary>The name anonymous callers carry in logs and session bindings; no configured key may use it.</summary>
    public const string KeyName = "(anonymous)";

    /// <summary>
    /// True: also clients on other machines. Default false: only connections whose socket peer is a loopback address and
    /// that carry no forwarding header (<c>X-Forwarded-For</c>, <c>Forwarded</c>, <c>X-Real-IP</c>): a proxy on this host
    /// relays LAN clients from loopback.
    /// </summary>
    public bool AllowRemote { get; set; }
}
