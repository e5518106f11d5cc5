using System.Diagnostics.Metrics;

namespace McpPlatform.Gateway.Audit;

/// <summary>The audit log's metrics (meter <c>McpPlatform.Gateway.Audit</c>, exported by the service defaults).</summary>
internal sealed class AuditMetrics
{
    public const string MeterName = "McpPlatform.Gateway.Audit";

    private readonly Counter<long> written;
    private readonly Counter<long> dropped;

    public AuditMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        written = meter.CreateCounter<long>("mcpplatform.gateway.audit.written", "{entry}", "Audit entries written to the gateway database.");
        dropped = meter.CreateCounter<long>(
            "mcpplatform.gateway.audit.dropped", "{entry}", "Audit entries lost: reason buffer_full (database down or slow), rejected (the database refused the batch) or shutdown.");
        Meter = meter;
    }

    /// <summary>For the buffer's depth gauge, registered where the buffer is.</summary>
    public Meter Meter { get; }

    public void Written(int count) => written.Add(count);

    public void Dropped(long count, string reason) => dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
}
