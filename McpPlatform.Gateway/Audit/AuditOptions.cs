namespace McpPlatform.Gateway.Audit;

/// <summary>The audit log (<c>Gateway:Audit</c>): buffering, batching, retention and whether payloads are kept.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Gateway:Audit";

    /// <summary>Record requests at all (needs the gateway database). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Entries held in memory until written. When full (the database down or too slow) new entries are dropped and
    /// counted (metric <c>mcpplatform.gateway.audit.dropped</c>); the call itself is never slowed. Default 10 000.
    /// </summary>
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>Most entries in one write. Default 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Longest wait to gather a fuller batch before writing what is there. Default 1 s.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait before writing a failed batch again (the batch is kept; new entries queue behind it). Default 5 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long entries are kept; <c>00:00:00</c> keeps them forever. Default 30 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often entries past the retention are deleted. Default 1 hour.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Also store each request's arguments and result (truncated to <see cref="MaxPayloadLength"/>). Default false.</summary>
    public bool StorePayloads { get; set; }

    /// <summary>Characters of arguments or result kept when <see cref="StorePayloads"/> is on. Default 4096.</summary>
    public int MaxPayloadLength { get; set; } = 4096;

    /// <summary>
    /// Requests refused before their MCP message was read (401, a 404 route, a 429 …) audited per second at most; the
    /// rest are only counted (metric <c>mcpplatform.gateway.refusals</c>), so that a flood of bad requests cannot crowd
    /// the entries of real calls out of the buffer. Default 100.
    /// </summary>
    public int MaxHttpRefusalsPerSecond { get; set; } = 100;

    internal IEnumerable<string> Errors()
    {
        if (BufferCapacity < 1)
        {
            yield return $"{SectionName}:BufferCapacity must be at least 1.";
        }

        if (BatchSize is < 1 or > 10_000)
        {
            yield return $"{SectionName}:BatchSize must be 1-10000.";
        }

        foreach (var (name, value) in new[] { ("FlushInterval", FlushInterval), ("RetryInterval", RetryInterval), ("CleanupInterval", CleanupInterval) })
        {
            if (value < TimeSpan.FromMilliseconds(10))
            {
                yield return $"{SectionName}:{name} must be at least 00:00:00.01.";
            }
        }

        if (Retention < TimeSpan.Zero)
        {
            yield return $"{SectionName}:Retention must not be negative (00:00:00 keeps entries forever).";
        }

        if (MaxHttpRefusalsPerSecond < 0)
        {
            yield return $"{SectionName}:MaxHttpRefusalsPerSecond must not be negative (0 audits none of them).";
        }

        if (MaxPayloadLength < 1)
        {
            yield return $"{SectionName}:MaxPayloadLength must be at least 1.";
        }
    }
}
