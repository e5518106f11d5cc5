using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace McpPlatform.ServiceDefaults;

/// <summary>
/// Writes every problem the framework reports (an exception caught by the exception handler, an empty 4xx/5xx
/// filled in by the status-code pages) as <c>{"error": {"message", "type", "code"}}</c>: the gateway's error shape,
/// made from the status code alone. The exception and any detail the framework put in the problem are left out on
/// purpose: their text can name types, paths and internals.
/// </summary>
internal sealed class ErrorBodyWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        return new ValueTask(http.Response.WriteErrorAsync(MessageFor(status, http), TypeFor(status), CodeFor(status)));
    }

    private static string MessageFor(int status, HttpContext http) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed.",
        StatusCodes.Status404NotFound => "Nothing is served at this path.",
        StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed at this path.",
        StatusCodes.Status413PayloadTooLarge => http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
            ? $"The request body is too large: this server accepts at most {limit} bytes."
            : "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "This Content-Type is not accepted here.",
        >= 500 => "The server failed to handle the request; the error has been logged.",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "The request was refused.",
    };

    /// <summary>The OpenAI error types the gateway's other errors use.</summary>
    private static string TypeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    /// <summary>The status's reason phrase in snake case: <c>payload_too_large</c>, <c>method_not_allowed</c>.</summary>
    private static string CodeFor(int status) =>
        ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase
            ? phrase.ToLowerInvariant().Replace(' ', '_').Replace("-", "", StringComparison.Ordinal)
            : $"http_{status}";
}
