using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// A <c>tools/call</c> sent as JSON-RPC, whose result comes back as the JSON it came as: the gateway passes it on
/// without decoding and encoding it again (that cost the gateway as much CPU as the whole call cost the connector).
/// When the call is cancelled (the client cancelled it, or it timed out) the upstream is told with
/// <c>notifications/cancelled</c>, which the SDK's client does not send by itself, so that it stops working for nobody.
/// </summary>
internal static class RawToolCall
{
    private static long lastRequestId;

    public static async Task<JsonObject> SendAsync(
        McpClient mcp, string server, string tool, JsonNode? arguments, JsonObject? meta, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        // Absent members stay absent (no "arguments": null or "_meta": null): some servers refuse nulls there.
        var parameters = new JsonObject { ["name"] = tool };
        if (arguments is not null)
        {
            parameters["arguments"] = arguments.Parent is null ? arguments : arguments.DeepClone(); // a node has one parent
        }

        meta = Telemetry.UpstreamTraceContext.Inject(meta); // the upstream's work is a child of this call's span
        if (meta is not null)
        {
            parameters["_meta"] = meta;
        }

        var request = new JsonRpcRequest { Id = NewRequestId(), Method = RequestMethods.ToolsCall, Params = parameters };
        JsonRpcResponse response;
        try
        {
            response = await mcp.SendRequestAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Told before the call ends, so before anything its end sets off (a stateless caller's abandoned
            // question is failed only then): the upstream sees a cancelled call, not a failed sampling request.
            await TellCancelledAsync(mcp, server, request.Id, time, logger);
            throw;
        }

        return response.Result as JsonObject
            ?? throw new McpProtocolException($"The server '{server}' answered the tool call with something that is not a tool result.", McpErrorCode.InternalError);
    }

    /// <summary>
    /// An id for a request the gateway sends itself: a string, so it never meets the SDK's own (numeric) ids in the same
    /// session, and a counter: unique in the process without asking the OS for random bytes on every call.
    /// </summary>
    private static RequestId NewRequestId() =>
        new("gw-" + Interlocked.Increment(ref lastRequestId).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Sends <c>notifications/cancelled</c> for a call, waiting at most 2 s: an upstream that cannot be told is down,
    /// which its next request finds out; the caller's cancellation stands either way.
    /// </summary>
    private static async Task TellCancelledAsync(McpClient mcp, string server, RequestId requestId, TimeProvider time, ILogger logger)
    {
        try
        {
            await mcp.SendNotificationAsync(
                NotificationMethods.CancelledNotification,
                new CancelledNotificationParams { RequestId = requestId, Reason = "The call was cancelled at the gateway." },
                McpJsonUtilities.DefaultOptions,
                CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), time);
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException or IOException or McpException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogDebug(ex, "Upstream {Server} could not be told that a call was cancelled", server);
        }
    }
}
