using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Storage;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace McpPlatform.Gateway.Apis;

/// <summary>
/// The admin API's error answers, all <see cref="ErrorResponse"/>: 400 for bad input, 404, 409 for configuration keys,
/// 413 for a body over <see cref="MaxBodyBytes"/>, and 503 with the reason while the gateway database is not available.
/// </summary>
internal static class AdminErrors
{
    /// <summary>Largest admin request body: a key's spec with every list full is well under it.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static ErrorResponse Error(string message, string code, string type = "invalid_request_error") =>
        new(new ErrorResponseDetail(message, type, code));

    public static JsonHttpResult<ErrorResponse> BadRequest(string message) =>
        TypedResults.Json(Error(message, "invalid_request"), statusCode: StatusCodes.Status400BadRequest);

    public static JsonHttpResult<ErrorResponse> NotFound(string id) =>
        TypedResults.Json(Error($"There is no key '{Shorten(id)}'.", "key_not_found", "not_found"), statusCode: StatusCodes.Status404NotFound);

    public static JsonHttpResult<ErrorResponse> Conflict(string message) =>
        TypedResults.Json(Error(message, "conflict", "conflict"), statusCode: StatusCodes.Status409Conflict);

    public static JsonHttpResult<ErrorResponse> ConfigurationKey(string id) => Conflict(
        $"The key '{Shorten(id)}' comes from the gateway's configuration (Gateway:Keys:{Shorten(id[AdminKeyView.ConfigurationIdPrefix.Length..])}): " +
        "change or remove it there; the admin API shows it read-only.");

    /// <summary>The body as a JSON object, or the error to answer with.</summary>
    public static async Task<(JsonObject? Body, JsonHttpResult<ErrorResponse>? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return node is JsonObject body ? (body, null) : (null, BadRequest("The body must be a JSON object, e.g. {\"name\": \"laptop\", \"servers\": [\"*\"]}."));
        }
        catch (JsonException ex)
        {
            return (null, BadRequest($"The body is not valid JSON ({ex.Message})."));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TypedResults.Json(Error($"The body is too large: at most {MaxBodyBytes} bytes.", "payload_too_large"), statusCode: StatusCodes.Status413PayloadTooLarge));
        }
    }

    /// <summary>Answers 503 with the reason when the gateway database is not configured, not ready, or fails (never its address or password).</summary>
    public static async ValueTask<object?> StorageFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (StorageProblem(ex, context.HttpContext.RequestAborted) is { } problem)
        {
            return Unavailable(context.HttpContext, problem);
        }
    }

    /// <summary>
    /// What to tell an admin when <paramref name="exception"/> means the gateway database is not configured, not ready, or
    /// failing (never its address or password); null for any other exception, and once the request is aborted.
    /// </summary>
    public static string? StorageProblem(Exception exception, CancellationToken requestAborted) => exception switch
    {
        StorageUnavailableException unavailable => unavailable.Message,
        NpgsqlException or TimeoutException when !requestAborted.IsCancellationRequested => $"The gateway database is not available: {DatabaseErrors.Describe(exception)}",
        _ => null,
    };

    private static JsonHttpResult<ErrorResponse> Unavailable(HttpContext context, string message)
    {
        context.Response.Headers.RetryAfter = "5";
        return TypedResults.Json(Error(message, "storage_unavailable", "server_error"), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Client text echoed in an error: bounded, without control characters.</summary>
    public static string Shorten(string text) => new([.. text.Take(100).Select(c => char.IsControl(c) ? '?' : c)]);
}
