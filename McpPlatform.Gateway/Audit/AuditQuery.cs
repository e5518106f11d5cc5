namespace McpPlatform.Gateway.Audit;

/// <summary>Which audit entries to read: every filter that is set must match. Newest first, <see cref="Limit"/> per page.</summary>
public sealed record AuditQuery
{
    public const int MaxLimit = 1000;

    /// <summary>Only this key's entries (a virtual key's id or a configuration key's name).</summary>
    public string? KeyId { get; init; }

    /// <summary>Only this server's entries (canonical name).</summary>
    public string? Server { get; init; }

    /// <summary>Only entries for this tool, prompt or resource URI.</summary>
    public string? Target { get; init; }

    /// <summary>Only entries with this outcome.</summary>
    public AuditOutcome? Outcome { get; init; }

    /// <summary>Only entries at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only entries before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The paging cursor: only entries older than the one with this id (<see cref="AuditPage.NextBefore"/> of the previous page).</summary>
    public long? Before { get; init; }

    /// <summary>Entries per page, 1-1000. Default 100.</summary>
    public int Limit { get; init; } = 100;
}
