using System.Diagnostics;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Mcp;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// The outermost incoming message filter: every MCP request (not <c>ping</c>, not notifications or responses) gets its
/// <see cref="McpRequest"/> (the HTTP request's, or its own when handled outside it), its method, key and session, a
/// server span when traced, and its outcome from how it ended. What it costs a call: a few field
/// writes, one small object, a timestamp; the span only when someone listens.
/// </summary>
internal static class McpRequestFilter
{
    public static McpMessageHandler Filter(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is not JsonRpcRequest request || request.Method == RequestMethods.Ping)
        {
            await next(context, cancellationToken);
            return;
        }

        var services = context.Services ?? context.Server.Services!;
        var record = McpRequest.Current;
        if (record is null || !record.Join())
        {
            record = services.GetRequiredService<McpRequestRecorder>().Start();
            McpRequest.Current = record;
        }

        record.Method = request.Method;
        record.SessionId = context.Server.SessionId;
        if (record.StoresPayloads && request.Params is JsonObject parameters && request.Method is RequestMethods.ToolsCall or RequestMethods.PromptsGet)
        {
            record.Arguments = parameters.TryGetPropertyValue("arguments", out var arguments) ? arguments : null;
        }
        if (services.GetService<GatewaySessions>()?.Find(context.Server) is { } session)
        {
            record.KeyId = session.KeyId;
            var scope = session.Scope;
            if (!scope.Aggregate && scope.Servers.Count > 0) // none once its key lost the routed server
            {
                record.Server = scope.Servers[0];
            }
        }

        using var activity = Start(record, request);
        try
        {
            await next(context, cancellationToken);
        }
        catch (Exception ex)
        {
            record.Failed(ex);
            throw;
        }
        finally
        {
            record.EndSpan();
            record.Leave();
        }
    };

    /// <summary>The server span: named for the method until the request is routed (a client's name for a tool it may not see never names a span).</summary>
    private static Activity? Start(McpRequest record, JsonRpcRequest request)
    {
        var activity = GatewayActivities.StartRequest(record, request.Method, ActivityKind.Server);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GatewayActivities.RequestId, request.Id.ToString());
            if (record.SessionId is { } sessionId)
            {
                activity.SetTag(GatewayActivities.SessionId, sessionId);
            }

            if (record.Server is { } server)
            {
                activity.SetTag(GatewayActivities.Server, server);
            }
        }

        return activity;
    }
}
