using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.Gateway.Chat;

/// <summary>Small readers for the loosely typed JSON of chat requests: a wrong type is a 400 naming the field.</summary>
internal static class ChatJson
{
    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static string RequiredString(JsonObject body, string field) =>
        String(body[field]) is { Length: > 0 } text ? text : throw ChatRequestException.Invalid($"'{field}' is required and must be a string.", field);

    public static bool Bool(JsonObject body, string field) => body[field] switch
    {
        null => false,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw ChatRequestException.Invalid($"'{field}' must be true or false.", field),
    };

    public static float? Number(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<double>(out var number) => (float)number,
        _ => throw ChatRequestException.Invalid($"'{field}' must be a number.", field),
    };

    public static int? PositiveInt(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<int>(out var number) && number > 0 => number,
        _ => throw ChatRequestException.Invalid($"'{field}' must be a positive integer.", field),
    };

    /// <summary>A tool call's arguments: a JSON object, or a string holding one (as models send them).</summary>
    public static Dictionary<string, object?> Arguments(JsonNode? node, string field)
    {
        try
        {
            var json = node switch
            {
                null => new JsonObject(),
                JsonObject obj => obj,
                JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text) as JsonObject,
                _ => null,
            };
            return json is null
                ? throw ChatRequestException.Invalid($"'{field}' must be a JSON object or a string holding one.", field)
                : MockScript.ToDictionary(json);
        }
        catch (JsonException)
        {
            throw ChatRequestException.Invalid($"'{field}' is not valid JSON.", field);
        }
    }

    /// <summary>Reads a request body as a JSON object; anything else is a 400.</summary>
    public static async Task<JsonObject> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject
                ?? throw ChatRequestException.Invalid("The body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw ChatRequestException.Invalid("The body is not valid JSON.");
        }
    }
}
