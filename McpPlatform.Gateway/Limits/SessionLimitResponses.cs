using McpPlatform.ServiceDefaults;

namespace McpPlatform.Gateway.Limits;

/// <summary>
/// A new MCP session past its key's (or the gateway's) limit is refused while it is being set up
/// (<see cref="Mcp.GatewaySessions"/> throws <see cref="LimitExceededException"/>): here that becomes
/// <c>429 Too Many Requests</c> with <c>Retry-After</c> and the gateway's JSON error, before the MCP SDK wrote anything.
/// </summary>
internal static class SessionLimitResponses
{
    public static IApplicationBuilder UseSessionLimitResponses(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (LimitExceededException ex) when (!context.Response.HasStarted)
            {
                context.Response.Clear(); // the SDK had set the session id and SSE headers of the session it could not start
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = ((int)ex.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteErrorAsync(ex.Message, "rate_limit_error", Code(ex));
            }
        });

    private static string Code(LimitExceededException ex) => ex.KeyName is null ? "gateway_session_limit" : "key_session_limit";
}
