using System.Globalization;
using McpPlatform.Gateway.Limits;
using McpPlatform.ServiceDefaults;

namespace McpPlatform.Gateway.Rest;

/// <summary>
/// The REST surface's error answers: the gateway's JSON error body (<c>{"error": {message, type, code}}</c>) with the
/// status a REST client acts on. Unknown and hidden tools (and servers) answer alike, 404, as on MCP: a key learns
/// nothing about what it may not use.
/// </summary>
internal static class RestErrors
{
    public static IResult BadRequest(string message, string code = "invalid_request") =>
        Error(StatusCodes.Status400BadRequest, message, "invalid_request_error", code);

    public static IResult UnsupportedMediaType() =>
        Error(StatusCodes.Status415UnsupportedMediaType, "Send the body as JSON (Content-Type: application/json).", "invalid_request_error", "unsupported_media_type");

    public static IResult UnknownTool(string name) =>
        Error(StatusCodes.Status404NotFound, $"Unknown tool: '{name}'.", "not_found", "unknown_tool");

    public static IResult UnknownServer(string server) =>
        Error(StatusCodes.Status404NotFound, $"Unknown MCP server '{server}'.", "not_found", "unknown_server");

    /// <summary>429 with <c>Retry-After</c>: the key (or the gateway) holds as many calls in flight as it may.</summary>
    public static IResult Limit(HttpContext http, LimitExceededException ex)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)ex.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status429TooManyRequests, ex.Message, "rate_limit_error", ex.KeyName is null ? "gateway_call_limit" : "key_concurrency_limit"); // the same code as the door's (KeyRateLimits)
    }

    public static IResult Unavailable(string message) =>
        Error(StatusCodes.Status502BadGateway, message, "upstream_error", "upstream_unavailable");

    public static IResult UpstreamError(string message) =>
        Error(StatusCodes.Status502BadGateway, message, "upstream_error", "upstream_error");

    public static IResult Timeout(string server) =>
        Error(StatusCodes.Status504GatewayTimeout, $"The server '{server}' did not answer in time; try again later.", "upstream_error", "upstream_timeout");

    private static IResult Error(int status, string message, string type, string code) =>
        TypedResults.Json(new ErrorResponse(new ErrorResponseDetail(message, type, code)), statusCode: status);
}
