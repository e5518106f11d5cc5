using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Mcp;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// One MCP tool call the gateway makes for a model in the chat tool loop, through the same path as an MCP client's
/// <c>tools/call</c>: the tool looked up again in the key's catalog (<see cref="ToolCalls.TryFindAsync"/>: key rules, tool
/// rules, read-only), then <see cref="ToolCalls.SendAsync"/> (one of the key's calls in flight, health, breaker), with its own
/// audit entry, metrics, span and log line (<see cref="McpRequest"/>, method <c>tools/call</c>, no session).
/// </summary>
internal static class ChatToolCall
{
    /// <summary>The tool's result JSON (an MCP <c>CallToolResult</c>); a refusal or failure is thrown, as on the MCP path.</summary>
    public static async Task<JsonObject> CallAsync(
        IServiceProvider services, GatewaySession session, string name, JsonObject? arguments, CancellationToken cancellationToken)
    {
        var record = services.GetRequiredService<McpRequestRecorder>().Start();
        record.Method = RequestMethods.ToolsCall;
        record.KeyId = session.KeyId;
        record.ClientHeaders = session.ClientHeaders;
        if (record.StoresPayloads)
        {
            record.Arguments = arguments;
        }

        // The record is this flow's own: the upstream marks it reached (Upstream.SendAsync), whatever the HTTP request's is.
        McpRequest.Current = record;
        using var activity = Start(record);
        try
        {
            var tool = await ToolCalls.TryFindAsync(services, session.Scope, name, cancellationToken)
                ?? throw new McpProtocolException($"Unknown tool: '{name}'.", McpErrorCode.InvalidParams);
            JsonObject result;
            try
            {
                result = await ToolCalls.SendAsync(session, tool, downstream: null, arguments, progressToken: null, cancellationToken);
            }
            catch (UpstreamUnavailableException ex)
            {
                result = (JsonObject)JsonSerializer.SerializeToNode(UpstreamErrors.Unavailable(tool.Server, ex), McpJsonUtilities.DefaultOptions)!;
            }

            record.Result = result; // a tool's own error (isError) is an answer, as on the MCP path
            return result;
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
    }

    /// <summary>The model called a tool it was not offered: audited as the MCP path audits an unknown tool (nothing ran).</summary>
    public static void RecordRefusal(IServiceProvider services, string keyId, string name)
    {
        var record = services.GetRequiredService<McpRequestRecorder>().Start();
        record.Method = RequestMethods.ToolsCall;
        record.KeyId = keyId;
        record.Refuse(RefusalReasons.UnknownTool, "not offered to the model", target: name);
        record.Leave();
    }

    private static Activity? Start(McpRequest record)
    {
        var activity = GatewayActivities.StartRequest(record, RequestMethods.ToolsCall, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GatewayActivities.OperationName, "execute_tool");
        }

        return activity;
    }
}
