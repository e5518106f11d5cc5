using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// The gateway's request metrics (meter <c>McpPlatform.Gateway</c>, exported by the service defaults; every name, unit
/// and tag in docs/gateway.md): requests by outcome, their duration per server and tool, refusals by reason, errors by
/// type, active sessions and rate-limit rejections. Tags carry key ids (<see cref="KeyIds"/>), never keys, and no text a
/// client chose: tool names only once the tool was found in the key's catalog.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "McpPlatform.Gateway";

    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Counter<long> requests;
    private readonly Histogram<double> duration;
    private readonly Counter<long> refusals;
    private readonly Counter<long> errors;
    private readonly UpDownCounter<long> activeSessions;
    private readonly Counter<long> rateLimited;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        requests = meter.CreateCounter<long>(
            "mcpplatform.gateway.requests", "{request}", "MCP requests answered, by method, server, key and outcome (ok, error, refused).");
        duration = meter.CreateHistogram(
            "mcpplatform.gateway.request.duration",
            "s",
            "Time from a request's arrival to its answer, by method, server, tool and outcome.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        refusals = meter.CreateCounter<long>(
            "mcpplatform.gateway.refusals", "{request}", "Requests the gateway refused before they reached an upstream, by reason, method and key.");
        errors = meter.CreateCounter<long>(
            "mcpplatform.gateway.errors", "{request}", "Requests that failed at or beyond the gateway (upstream error or unavailable, timeout), by server and error type.");
        activeSessions = meter.CreateUpDownCounter<long>(
            "mcpplatform.gateway.sessions.active", "{session}", "MCP sessions open on this gateway process (streamable HTTP and legacy SSE).");
        rateLimited = meter.CreateCounter<long>(
            "mcpplatform.gateway.rate_limited", "{request}", "Requests rejected by a key's rate or concurrency limit (429), by key, route and limit (rate, concurrency).");
    }

    /// <summary>A request rejected by a rate or concurrency limit (429): for the rate limiter to call.</summary>
    /// <param name="keyId">The key's id (<see cref="KeyIds"/>).</param>
    /// <param name="route">The route template or surface, e.g. <c>/mcp</c>, <c>/v1/models</c>.</param>
    /// <param name="limit"><c>rate</c> (requests per minute) or <c>concurrency</c> (calls in flight).</param>
    public void RateLimited(string keyId, string route, string limit = "rate") =>
        rateLimited.Add(1, new TagList { { GatewayActivities.KeyId, keyId }, { "http.route", route }, { "mcpplatform.limit", limit } });

    internal void SessionStarted() => activeSessions.Add(1);

    internal void SessionEnded() => activeSessions.Add(-1);

    internal void Completed(McpRequest request, string outcome)
    {
        var tags = new TagList
        {
            { GatewayActivities.MethodName, request.Method },
            { GatewayActivities.Server, request.Server },
            { GatewayActivities.KeyId, request.KeyId },
            { GatewayActivities.Outcome, outcome },
        };
        requests.Add(1, tags);

        var durationTags = new TagList
        {
            { GatewayActivities.MethodName, request.Method },
            { GatewayActivities.Server, request.Server },
            { GatewayActivities.Outcome, outcome },
        };
        if (request.Routed && request.Method == ModelContextProtocol.Protocol.RequestMethods.ToolsCall)
        {
            durationTags.Add(GatewayActivities.ToolName, request.Target); // from the catalog: bounded, not client text
        }

        duration.Record(request.Elapsed.TotalSeconds, durationTags);
        if (request.RefusalReason is { } reason)
        {
            refusals.Add(1, new TagList { { GatewayActivities.RefusalReason, reason }, { GatewayActivities.MethodName, request.Method }, { GatewayActivities.KeyId, request.KeyId } });
        }
        else if (request.ErrorType is { } errorType)
        {
            errors.Add(1, new TagList { { GatewayActivities.ErrorType, errorType }, { GatewayActivities.MethodName, request.Method }, { GatewayActivities.Server, request.Server } });
        }
    }
}
