using System.Diagnostics;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Limits;
using ModelContextProtocol;

namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// What the gateway learns about one MCP request while serving it, for its audit entry, metrics, span and log line
/// (written once, by <see cref="McpRequestRecorder"/>). Started by the HTTP request it came on
/// (<see cref="McpHttpRecording"/>: arrival time, bytes in and out, 4xx answers) or, when its message is handled outside
/// that request (legacy SSE), by the message filter (<see cref="McpRequestFilter"/>: method, key, session, outcome). The
/// places where a request's server and target are decided say so through <see cref="Current"/>
/// (<see cref="Route"/>, <see cref="Refuse"/>, <see cref="Fail"/>): a few field writes, nothing on the call path waits.
/// </summary>
internal sealed class McpRequest
{
    private static readonly AsyncLocal<McpRequest?> CurrentRequest = new();

    private readonly McpRequestRecorder recorder;
    private int parties = 1;
    private int joined;

    public McpRequest(McpRequestRecorder recorder, DateTimeOffset arrivedAt, long startTimestamp)
    {
        this.recorder = recorder;
        ArrivedAt = arrivedAt;
        StartTimestamp = startTimestamp;
    }

    /// <summary>The request being served in this flow of execution (the HTTP request's, then its message's); null outside one.</summary>
    public static McpRequest? Current
    {
        get => CurrentRequest.Value;
        set => CurrentRequest.Value = value;
    }

    public DateTimeOffset ArrivedAt { get; }

    public long StartTimestamp { get; }

    /// <summary>The MCP method, or for a request refused before its message was read, the HTTP method.</summary>
    public string Method { get; set; } = "POST";

    public string KeyId { get; set; } = KeyIds.Unauthenticated;

    /// <summary>The upstream server (canonical name): the route's, or the one the request was routed to.</summary>
    public string? Server { get; set; }

    /// <summary>The tool or prompt name or resource URI as the upstream knows it; as the client named it when refused.</summary>
    public string? Target { get; set; }

    /// <summary>True once the gateway found the request's tool, prompt or resource in the session's catalog.</summary>
    public bool Routed { get; private set; }

    public string? SessionId { get; set; }

    public bool ReachedUpstream { get; private set; }

    public string? RefusalReason { get; private set; }

    public string? ErrorType { get; private set; }

    /// <summary>More about a refusal or error, for the audit entry's reason (written by the gateway, never client text).</summary>
    public string? Detail { get; private set; }

    public long RequestBytes { get; set; }

    public long ResponseBytes { get; set; }

    /// <summary>Measured at completion.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Kept only as references; serialized for the audit log only when it stores payloads.</summary>
    public JsonNode? Arguments { get; set; }

    public JsonNode? Result { get; set; }

    /// <summary>
    /// The key's call in flight that the HTTP request took for the tool call it carries (<see cref="KeyCallLimiter"/>), for
    /// the call to take over; null when the request took none.
    /// </summary>
    public CallPermit? CallPermit { get; set; }

    /// <summary>The request's headers that some server passes on (<see cref="Upstreams.ForwardedHeaders"/>), copied on arrival.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ClientHeaders { get; set; }

    /// <summary>The request's server span, when traced.</summary>
    public Activity? Activity { get; set; }

    /// <summary>How the request ended so far, for the audit log and as the metrics' and span's tag.</summary>
    public (AuditOutcome Outcome, string Name) Outcome =>
        RefusalReason is not null ? (AuditOutcome.Refused, "refused") : ErrorType is not null ? (AuditOutcome.Error, "error") : (AuditOutcome.Ok, "ok");

    /// <summary>The refusal reason or error type, with its detail after a colon; null when it went well.</summary>
    public string? Reason => (RefusalReason ?? ErrorType) is { } reason && Detail is { } detail ? reason + ": " + detail : RefusalReason ?? ErrorType;

    /// <summary>True when a message filter took this HTTP request's record for its message.</summary>
    public bool Joined => Volatile.Read(ref joined) == 1;

    /// <summary>The request's tool, prompt or resource was found: on its <paramref name="server"/>, as <paramref name="target"/> there.</summary>
    public void Route(string server, string? target)
    {
        Server = server;
        Target = target ?? Target;
        Routed = true;
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(GatewayActivities.Server, server);
            GatewayActivities.SetTarget(activity, Method, target);
            if (target is not null && Method != ModelContextProtocol.Protocol.RequestMethods.ResourcesRead)
            {
                activity.DisplayName = Method + " " + target; // only now: a name from the catalog, not from the client
            }
        }
    }

    public void ReachUpstream() => ReachedUpstream = true;

    /// <summary>Whether the audit log keeps arguments and results (else nobody needs them).</summary>
    public bool StoresPayloads => recorder.StoresPayloads;

    /// <summary>
    /// The gateway refused the request (the first reason given stands); <paramref name="target"/>: what the client
    /// named, for the audit entry (read only here: the call path never copies it out of the request).
    /// </summary>
    public void Refuse(string reason, string? detail = null, string? target = null)
    {
        if (RefusalReason is null && ErrorType is null)
        {
            RefusalReason = reason;
            Detail = detail;
            Target ??= target;
        }
    }

    /// <summary>The request failed at or beyond the gateway (the first error given stands).</summary>
    public void Fail(string errorType, string? detail = null)
    {
        if (RefusalReason is null && ErrorType is null)
        {
            ErrorType = errorType;
            Detail = detail;
        }
    }

    /// <summary>What an exception that ended the request says about it, unless a hook already said more.</summary>
    public void Failed(Exception exception)
    {
        switch (exception)
        {
            case LimitExceededException limit:
                Refuse(RefusalReasons.LimitExceeded, limit.Setting);
                break;
            case OperationCanceledException:
                Fail("cancelled");
                break;
            case McpProtocolException protocol when !ReachedUpstream:
                switch (protocol.ErrorCode)
                {
                    case McpErrorCode.InvalidParams or McpErrorCode.InvalidRequest or McpErrorCode.ParseError:
                        Refuse(RefusalReasons.Malformed);
                        break;
                    case McpErrorCode.MethodNotFound:
                        Refuse(RefusalReasons.MethodNotFound);
                        break;
                    case McpErrorCode.ResourceNotFound:
                        Refuse(RefusalReasons.UnknownResource);
                        break;
                    default:
                        Fail(ErrorCode(protocol.ErrorCode));
                        break;
                }

                break;
            case McpProtocolException protocol:
                Fail(ErrorCode(protocol.ErrorCode), "the upstream answered with an error");
                break;
            case McpException:
                Fail(ReachedUpstream ? "upstream_error" : "gateway_error");
                break;
            default:
                Fail(exception.GetType().FullName ?? "exception");
                break;
        }
    }

    /// <summary>Puts the outcome on the request's span before it ends (the record itself may be written later, by the HTTP request).</summary>
    public void EndSpan()
    {
        if (Activity is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        activity.SetTag(GatewayActivities.Outcome, Outcome.Name);
        if (RefusalReason is { } refusal)
        {
            activity.SetTag(GatewayActivities.RefusalReason, refusal);
        }

        if ((RefusalReason ?? ErrorType) is { } errorType)
        {
            GatewayActivities.Fail(activity, errorType, Reason);
        }
    }

    /// <summary>Another part now serves this record (its message handling): it is written once both are done.</summary>
    public bool Join()
    {
        if (Interlocked.CompareExchange(ref joined, 1, 0) != 0)
        {
            return false;
        }

        Interlocked.Increment(ref parties);
        return true;
    }

    /// <summary>A part is done; the last one writes the record.</summary>
    public void Leave()
    {
        if (Interlocked.Decrement(ref parties) == 0)
        {
            recorder.Complete(this);
        }
    }

    private static string ErrorCode(McpErrorCode code) => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
