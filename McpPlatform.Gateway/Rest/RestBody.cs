using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.Gateway.Rest;

/// <summary>
/// The JSON body of a REST request, or why it cannot be taken: an empty body is no body (a tool called without
/// arguments), a body that is not JSON is a 400, a body declared as something else a 415. Nesting is bounded by the
/// JSON reader's default depth; the size by the server's request body limit.
/// </summary>
internal readonly record struct RestBody(JsonNode? Node, IResult? Error)
{
    public static async Task<RestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is { Length: > 0 } && !request.HasJsonContentType())
        {
            return new RestBody(null, RestErrors.UnsupportedMediaType());
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return new RestBody(null, null);
        }

        try
        {
            return new RestBody(JsonNode.Parse(buffer.ToArray()), null);
        }
        catch (JsonException)
        {
            return new RestBody(null, RestErrors.BadRequest("The body is not valid JSON."));
        }
    }
}
