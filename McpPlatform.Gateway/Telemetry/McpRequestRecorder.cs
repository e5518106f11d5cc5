using McpPlatform.Gateway.Audit;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// Writes what a finished <see cref="McpRequest"/> was, once: its audit entry (<see cref="AuditLog.Record"/>, which
/// never waits), its metrics (<see cref="GatewayMetrics"/>), its span's outcome and one Debug log line. Refusals
/// answered at the HTTP level (401, 404, 429 … before any MCP message was read) are audited at most
/// <see cref="AuditOptions.MaxHttpRefusalsPerSecond"/> per second, so that a flood of bad requests cannot push the
/// entries of real calls out of the audit buffer; all of them are counted in the metrics.
/// </summary>
internal sealed partial class McpRequestRecorder(AuditLog audit, GatewayMetrics metrics, TimeProvider time, IOptions<AuditOptions> options, IOptions<Configuration.GatewayOptions> gateway, ILogger<McpRequestRecorder> logger)
{
    private readonly int maxHttpRefusals = options.Value.MaxHttpRefusalsPerSecond;
    private long refusalWindow;
    private int refusalsInWindow;

    public bool StoresPayloads => audit.StoresPayloads;

    /// <summary>The client headers some server passes on (every server's <c>ForwardHeaders</c>): copied when a request arrives.</summary>
    public IReadOnlyCollection<string> ForwardHeaderNames { get; } =
        gateway.Value.Servers.Values.SelectMany(server => server.ForwardHeaders).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>A copy of the request's headers named in <see cref="ForwardHeaderNames"/>; null when no server passes any on.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? CaptureClientHeaders(IHeaderDictionary headers) =>
        ForwardHeaderNames.Count > 0 ? Upstreams.ForwardedHeaders.Capture(ForwardHeaderNames, headers) : null;

    public McpRequest Start() => new(this, time.GetUtcNow(), time.GetTimestamp());

    /// <summary>A request refused before its MCP message was read; <paramref name="request"/> is the HTTP request's record, if it had one.</summary>
    public void RecordHttpRefusal(McpRequest request, string method, string keyId, string target, string reason, string? detail)
    {
        request.Method = method;
        request.KeyId = keyId;
        request.Target = target;
        request.Refuse(reason, detail);
        Complete(request, audited: MayAuditHttpRefusal());
    }

    internal void Complete(McpRequest request) => Complete(request, audited: true);

    private void Complete(McpRequest request, bool audited)
    {
        request.Elapsed = time.GetElapsedTime(request.StartTimestamp);
        var (outcome, outcomeName) = request.Outcome;
        metrics.Completed(request, outcomeName);
        var described = request.Reason;
        if (audited && audit.IsEnabled)
        {
            audit.Record(new AuditEntry
            {
                Timestamp = request.ArrivedAt,
                KeyId = request.KeyId,
                Server = request.Server,
                Method = request.Method,
                Target = request.Target,
                Outcome = outcome,
                Reason = described,
                Duration = request.Elapsed,
                RequestBytes = request.RequestBytes,
                ResponseBytes = request.ResponseBytes,
                SessionId = request.SessionId,
                Arguments = audit.StoresPayloads ? request.Arguments?.ToJsonString() : null,
                Result = audit.StoresPayloads ? request.Result?.ToJsonString() : null,
            });
        }

        Log.Request(logger, request.Method, request.Server, request.Target, request.KeyId, outcomeName, described, request.Elapsed.TotalMilliseconds, request.RequestBytes, request.ResponseBytes, request.SessionId);
    }

    /// <summary>At most <see cref="AuditOptions.MaxHttpRefusalsPerSecond"/> in each second of the gateway's clock.</summary>
    private bool MayAuditHttpRefusal()
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var window = Interlocked.Read(ref refusalWindow);
        if (window != second && Interlocked.CompareExchange(ref refusalWindow, second, window) == window)
        {
            Interlocked.Exchange(ref refusalsInWindow, 0);
        }

        return Interlocked.Increment(ref refusalsInWindow) <= maxHttpRefusals;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "MCP {Method} server {Server} target {Target} key {KeyId}: {Outcome} {Reason} in {DurationMs:0.###} ms, {RequestBytes} bytes in, {ResponseBytes} bytes out, session {SessionId}")]
        public static partial void Request(ILogger logger, string method, string? server, string? target, string keyId, string outcome, string? reason, double durationMs, long requestBytes, long responseBytes, string? sessionId);
    }
}
