using System.Diagnostics;
using System.Text.Json.Nodes;

namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// Puts the current span's W3C trace context (<c>traceparent</c>, <c>tracestate</c>) into a request's <c>_meta</c>, as
/// the MCP SDKs' OpenTelemetry propagation does (the C# SDK's own only when its experimental activity source is
/// listened to, which the gateway does not do): an upstream over stdio or in memory has no HTTP header to carry it, and
/// an upstream SDK that reads <c>_meta</c> makes its work a child of the gateway's upstream span
/// (<see cref="GatewayActivities.StartUpstream"/>). A client's own values there are replaced: the upstream's parent is
/// the gateway's span, not the client's. Over HTTP the request also gets the <c>traceparent</c> header from .NET's
/// HttpClient (the same span or its HTTP child). Nothing is written when no span is current.
/// </summary>
internal static class UpstreamTraceContext
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary><paramref name="meta"/> (or a new object when null and there is a span) with the current span's context.</summary>
    public static JsonObject? Inject(JsonObject? meta)
    {
        if (Activity.Current is not { } activity)
        {
            return meta;
        }

        meta ??= new JsonObject();
        meta.Remove(TraceParent);
        meta.Remove(TraceState);
        DistributedContextPropagator.Current.Inject(activity, meta, static (carrier, name, value) =>
        {
            // Only the trace context: baggage is the client's business, not the upstream's.
            if (carrier is JsonObject target && (name == TraceParent || name == TraceState) && value is not null)
            {
                target[name] = value;
            }
        });
        return meta;
    }
}
