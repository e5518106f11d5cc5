namespace McpPlatform.Gateway.Audit;

/// <summary>How an audited MCP request ended.</summary>
public enum AuditOutcome
{
    /// <summary>The upstream answered with a result (a tool result with <c>isError</c> included: the call itself worked).</summary>
    Ok,

    /// <summary>The upstream or the gateway failed the request (an error answer, a timeout, an unreachable server).</summary>
    Error,

    /// <summary>The gateway refused the request before it reached an upstream; <see cref="AuditEntry.Reason"/> says why.</summary>
    Refused,
}
