namespace McpPlatform.Gateway.Storage;

/// <summary>The gateway database is not configured, not reachable or not migrated yet: an admin API answers 503 with the reason.</summary>
public sealed class StorageUnavailableException(string reason) : Exception($"The gateway database is not available: {reason}")
{
    /// <summary>Why (safe to show: no secret, no connection string).</summary>
    public string Reason { get; } = reason;
}
