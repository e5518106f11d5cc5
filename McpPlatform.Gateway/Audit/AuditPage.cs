namespace McpPlatform.Gateway.Audit;

/// <summary>One page of audit entries, newest first.</summary>
/// <param name="Entries">The entries.</param>
/// <param name="NextBefore">The cursor for the next (older) page; null on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextBefore);
