namespace McpPlatform.Gateway.Audit;

/// <summary>One MCP request that reached an upstream or was refused, as the audit log keeps it.</summary>
public sealed record AuditEntry
{
    /// <summary>The row's id once stored (newest is highest; the paging cursor); 0 before.</summary>
    public long Id { get; init; }

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Who: a virtual key's id (<c>vk_…</c>) or a configuration key's name; never the key itself.</summary>
    public required string KeyId { get; init; }

    /// <summary>The canonical server name; null when the request named none (e.g. refused before routing).</summary>
    public string? Server { get; init; }

    /// <summary>The MCP method (<c>tools/call</c>, <c>prompts/get</c>, <c>resources/read</c>, …).</summary>
    public required string Method { get; init; }

    /// <summary>The tool or prompt name, or the resource URI, as the upstream knows it.</summary>
    public string? Target { get; init; }

    /// <summary>How the request ended.</summary>
    public required AuditOutcome Outcome { get; init; }

    /// <summary>Why it was refused, or the error's code or short text (no secrets: written by the gateway, not copied from a client).</summary>
    public string? Reason { get; init; }

    /// <summary>From arrival to answer.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Size of the request's JSON-RPC message in bytes.</summary>
    public long RequestBytes { get; init; }

    /// <summary>Size of the answer's JSON-RPC message in bytes.</summary>
    public long ResponseBytes { get; init; }

    /// <summary>The MCP session id, when the request belonged to one.</summary>
    public string? SessionId { get; init; }

    /// <summary>The request's arguments as JSON: stored only when <c>Gateway:Audit:StorePayloads</c> is on, and truncated.</summary>
    public string? Arguments { get; init; }

    /// <summary>The answer as JSON: stored only when <c>Gateway:Audit:StorePayloads</c> is on, and truncated.</summary>
    public string? Result { get; init; }
}
