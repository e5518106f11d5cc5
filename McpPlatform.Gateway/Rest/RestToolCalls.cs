using System.Text.Json.Nodes;
using McpPlatform.Gateway.Limits;
using McpPlatform.Gateway.Mcp;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Rest;

/// <summary>
/// A tool called over REST (<c>/v1/mcp/tools/…</c>, the OpenAPI operations, LiteLLM's <c>/mcp-rest/tools/call</c>) goes
/// the way of an MCP <c>tools/call</c> (<see cref="ToolCalls"/>): the tool is looked up in the request's scope (key,
/// server grants, allow/deny lists, read-only), the call holds one of the key's calls in flight, reaches the upstream
/// through its breaker and request timeout, and is recorded once (audit entry, metrics, log line) as a
/// <c>tools/call</c>. Only the answer differs: the tool's result as JSON, or an HTTP status a REST client acts on.
/// </summary>
internal sealed class RestToolCalls(IServiceProvider services, UpstreamPool pool, ResourceLimiter limiter, McpRequestRecorder recorder)
{
    public async Task<IResult> CallAsync(HttpContext http, GatewayScope scope, string name, JsonNode? arguments)
    {
        var cancellationToken = http.RequestAborted;
        var record = Begin(scope);
        string? server = null;
        try
        {
            if (arguments is not (null or JsonObject))
            {
                record.Refuse(RefusalReasons.Malformed, target: name);
                return RestErrors.BadRequest("The tool's arguments must be a JSON object.", "invalid_arguments");
            }

            if (record.StoresPayloads)
            {
                record.Arguments = arguments;
            }

            var tool = await ToolCalls.TryFindAsync(services, scope, name, cancellationToken);
            if (tool is null)
            {
                return RestErrors.UnknownTool(name);
            }

            server = tool.Server;
            // No MCP session behind a REST call: no client to ask (sampling, elicitation), the shared upstream.
            await using var session = new GatewaySession(scope, new ScopeRequest(null, null), new SessionUpstreams(pool, limiter, scope.Key.Name)); // lives for this call only: never re-scoped
            var result = await ToolCalls.SendAsync(session, tool, downstream: null, arguments, progressToken: null, cancellationToken);
            record.Result = result;
            return TypedResults.Json<JsonNode>(result);
        }
        catch (LimitExceededException ex)
        {
            record.Failed(ex);
            return RestErrors.Limit(http, ex);
        }
        catch (UpstreamUnavailableException ex)
        {
            var summary = UpstreamErrorText.Summarize(ex.InnerException?.Message ?? string.Empty);
            if (ex.InnerException is OperationCanceledException)
            {
                record.Fail("timeout", summary);
                return RestErrors.Timeout(ex.Server);
            }

            record.Fail("unavailable", summary);
            return RestErrors.Unavailable($"The server '{ex.Server}' is unavailable; try again later. ({summary})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            record.Fail("timeout");
            return RestErrors.Timeout(server ?? "upstream");
        }
        catch (McpProtocolException ex) when (ex.ErrorCode == McpErrorCode.InvalidParams)
        {
            record.Failed(ex);
            return RestErrors.BadRequest(ex.Message, "invalid_arguments"); // the server's own words on what it could not take
        }
        catch (McpException ex)
        {
            record.Failed(ex);
            return RestErrors.UpstreamError($"The server '{server}' answered with an error: {ex.Message}");
        }
        catch (Exception ex)
        {
            record.Failed(ex);
            throw;
        }
        finally
        {
            record.Leave();
        }
    }

    /// <summary>
    /// The request's record: the HTTP request's (<see cref="McpHttpRecording"/>, which counts its bytes and writes it
    /// once both are done) or, should there be none, one of its own.
    /// </summary>
    private McpRequest Begin(GatewayScope scope)
    {
        var record = McpRequest.Current;
        if (record is null || !record.Join())
        {
            record = recorder.Start();
            McpRequest.Current = record;
        }

        record.Method = RequestMethods.ToolsCall;
        record.KeyId = KeyIds.Of(scope.Key);
        if (scope.Servers.Count == 1)
        {
            record.Server = scope.Servers[0];
        }

        return record;
    }
}
