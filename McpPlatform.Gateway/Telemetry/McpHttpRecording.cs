using McpPlatform.Gateway.Routing;
using Microsoft.AspNetCore.Authentication;

namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// The HTTP side of recording MCP requests, first in the pipeline on the MCP routes (<c>/mcp</c>, <c>/mcp/…</c>,
/// <c>/{server}/mcp…</c>) and the REST tool routes (<c>/v1/mcp/…</c>, LiteLLM's <c>/mcp-rest/…</c>, whose calls
/// <c>Rest/RestToolCalls</c> records): a POST
/// gets its <see cref="McpRequest"/> (arrival, bytes in from <c>Content-Length</c> or counted, bytes out counted as they
/// are written), which its message's filter takes up; an answer of 400 or more that no MCP message produced (401 from
/// authentication, 403 from the Origin check, 404 for a route or session, 429 from a limit, the SDK's 400s) is
/// recorded here as a refusal.
/// </summary>
internal static class McpHttpRecording
{
    private static readonly PathString RestPath = "/v1/mcp";
    private static readonly PathString LiteLlmRestPath = "/mcp-rest";

    public static IApplicationBuilder UseMcpRequestRecording(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!McpRoutes.IsMcpPath(path) && !path.StartsWithSegments(RestPath) && !path.StartsWithSegments(LiteLlmRestPath))
            {
                await next(context);
                return;
            }

            var recorder = context.RequestServices.GetRequiredService<McpRequestRecorder>();
            var record = recorder.Start();
            ResponseByteCounter? response = null;
            RequestByteCounter? request = null;
            if (HttpMethods.IsPost(context.Request.Method))
            {
                // Only a POST carries a request; GET streams and DELETEs are recorded only when refused.
                McpRequest.Current = record;
                record.ClientHeaders = recorder.CaptureClientHeaders(context.Request.Headers);
                response = ResponseByteCounter.Install(context);
                if (context.Request.ContentLength is null)
                {
                    request = new RequestByteCounter(context.Request.Body);
                    context.Request.Body = request;
                }
            }

            try
            {
                await next(context);
            }
            catch (Exception ex) when (!record.Joined)
            {
                record.Failed(ex);
                throw;
            }
            finally
            {
                response?.Uninstall(context);
                record.RequestBytes = context.Request.ContentLength ?? request?.BytesRead ?? 0;
                record.ResponseBytes = response?.Written ?? 0;
                if (record.Joined)
                {
                    record.Leave();
                }
                else if (context.Response.StatusCode >= StatusCodes.Status400BadRequest || record.ErrorType is not null)
                {
                    await RecordRefusalAsync(context, recorder, record);
                }
            }
        });

    private static async Task RecordRefusalAsync(HttpContext context, McpRequestRecorder recorder, McpRequest record)
    {
        var status = context.Response.StatusCode;
        var method = IsKnown(context.Request.Method) ? HttpMethods.GetCanonicalizedValue(context.Request.Method) : "_OTHER"; // a tag value: no client-chosen text
        var keyId = KeyIds.Of(context.User);
        var target = context.Request.Path.Value ?? string.Empty;
        if (record.ErrorType is not null || status >= StatusCodes.Status500InternalServerError)
        {
            record.Fail("http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            record.Method = method;
            record.KeyId = keyId;
            record.Target = target;
            recorder.Complete(record);
            return;
        }

        var refusedKey = status == StatusCodes.Status401Unauthorized ? Auth.ApiKeyAuthenticationHandler.RefusedKeyOf(context) : null;
        if (refusedKey is not null)
        {
            keyId = refusedKey.Id; // a known key no longer accepted: audited under its id, with why
        }

        var (reason, detail) = status switch
        {
            StatusCodes.Status401Unauthorized when refusedKey is not null => (KeyRefusal(refusedKey.Failure), $"from {context.Connection.RemoteIpAddress}"),
            StatusCodes.Status401Unauthorized => (RefusalReasons.Unauthenticated, await UnauthenticatedAsync(context)),
            StatusCodes.Status404NotFound => (NotFound(context), null),
            StatusCodes.Status429TooManyRequests => (RefusalReasons.LimitExceeded, context.Response.Headers.RetryAfter is { Count: > 0 } retry ? $"retry after {retry} s" : null),
            StatusCodes.Status400BadRequest => (RefusalReasons.Malformed, null),
            _ => (RefusalReasons.Http(status), null),
        };
        recorder.RecordHttpRefusal(record, method, keyId, target, reason, detail);
    }

    private static string KeyRefusal(Auth.ApiKeyFailure failure) => failure switch
    {
        Auth.ApiKeyFailure.Revoked => RefusalReasons.KeyRevoked,
        Auth.ApiKeyFailure.Disabled => RefusalReasons.KeyDisabled,
        _ => RefusalReasons.KeyExpired,
    };

    /// <summary>Why authentication failed, as the handler said (its result is cached for the request: nothing is checked again).</summary>
    private static async Task<string> UnauthenticatedAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync();
        var why = result.Failure?.Message is { Length: > 0 } message ? message.ToLowerInvariant() + " key" : "no key";
        return $"{why} from {context.Connection.RemoteIpAddress}";
    }

    private static string NotFound(HttpContext context) =>
        context.GetRouteValue(GatewayScopeResolver.ServerRouteValue) is string
        && context.User.Identity?.IsAuthenticated == true
        && context.RequestServices.GetRequiredService<GatewayScopeResolver>().Resolve(context) is null
            ? RefusalReasons.UnknownServer
            : context.Request.Headers.ContainsKey("Mcp-Session-Id") ? RefusalReasons.UnknownSession : RefusalReasons.Http(StatusCodes.Status404NotFound);

    private static bool IsKnown(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsPost(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPut(method)
        || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsPatch(method);
}
