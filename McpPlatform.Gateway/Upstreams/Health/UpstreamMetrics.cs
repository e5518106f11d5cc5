using System.Diagnostics.Metrics;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>The gateway's upstream metrics (meter <c>McpPlatform.Gateway.Upstreams</c>; see docs/gateway.md).</summary>
public sealed class UpstreamMetrics
{
    public const string MeterName = "McpPlatform.Gateway.Upstreams";

    private readonly Counter<long> listDeadlineMissed;
    private readonly Counter<long> breakerOpened;
    private readonly Counter<long> wentDown;

    public UpstreamMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        listDeadlineMissed = meter.CreateCounter<long>(
            "mcpplatform.gateway.upstream.list_deadline_missed", "{list}", "Lists answered without a server whose first listing missed the list deadline.");
        breakerOpened = meter.CreateCounter<long>(
            "mcpplatform.gateway.upstream.breaker_opened", "{event}", "Times an upstream's circuit breaker opened (it is skipped until a probe succeeds).");
        wentDown = meter.CreateCounter<long>(
            "mcpplatform.gateway.upstream.down", "{event}", "Times an upstream went from up to down.");
    }

    public void ListDeadlineMissed(string server, string kind) =>
        listDeadlineMissed.Add(1, new KeyValuePair<string, object?>("server", server), new KeyValuePair<string, object?>("kind", kind));

    public void BreakerOpened(string server) => breakerOpened.Add(1, new KeyValuePair<string, object?>("server", server));

    public void WentDown(string server) => wentDown.Add(1, new KeyValuePair<string, object?>("server", server));
}
