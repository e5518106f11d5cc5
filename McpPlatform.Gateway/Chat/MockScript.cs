using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// What the <c>mock-response</c> model is told to do by a request (docs/chat.md, "The mock model"): LiteLLM's request
/// fields <c>mock_response</c> (the answer's text) and <c>mock_tool_calls</c> (tool calls in OpenAI's <c>tool_calls</c>
/// shape, or <c>{"name","arguments"}</c>), our <c>mock_tool_call_rounds</c> (how many rounds it asks for them, default 1),
/// and, for clients that can only send messages, <c>mock_tool_call: &lt;tool&gt; &lt;json arguments&gt;</c> lines in the
/// last user message. Carried to the model in <see cref="ChatOptions.AdditionalProperties"/>.
/// </summary>
internal sealed record MockScript(string? Response, IReadOnlyList<MockToolCall> ToolCalls, int Rounds)
{
    public const string ResponseField = "mock_response";
    public const string ToolCallsField = "mock_tool_calls";
    public const string RoundsField = "mock_tool_call_rounds";
    public const string Directive = "mock_tool_call:";

    /// <summary>Where the script travels in <see cref="ChatOptions.AdditionalProperties"/> (set only for the mock model).</summary>
    public const string OptionsKey = "mcpplatform.mock_script";

    /// <summary>The script in a request body's fields; throws <see cref="ChatRequestException"/> for a malformed one.</summary>
    public static MockScript? Read(JsonObject body)
    {
        var response = body[ResponseField] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw ChatRequestException.Invalid($"'{ResponseField}' must be a string.", ResponseField),
        };
        var calls = body[ToolCallsField] switch
        {
            null => [],
            JsonArray array => array.Select(ReadCall).ToList(),
            _ => throw ChatRequestException.Invalid($"'{ToolCallsField}' must be an array of tool calls.", ToolCallsField),
        };
        var rounds = body[RoundsField] switch
        {
            null => 1,
            JsonValue value when value.TryGetValue<int>(out var count) && count is >= 1 and <= 100 => count,
            _ => throw ChatRequestException.Invalid($"'{RoundsField}' must be an integer from 1 to 100.", RoundsField),
        };
        return response is null && calls.Count == 0 && body[RoundsField] is null ? null : new MockScript(response, calls, rounds);
    }

    /// <summary>The <c>mock_tool_call:</c> lines of a user message's text (malformed lines are left as text).</summary>
    public static IEnumerable<MockToolCall> FromDirectives(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith(Directive, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = trimmed[Directive.Length..].Trim();
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? rest : rest[..space];
            var arguments = space < 0 ? "{}" : rest[(space + 1)..].Trim();
            if (name.Length > 0 && TryParseArguments(arguments, out var parsed))
            {
                yield return new MockToolCall(name, parsed);
            }
        }
    }

    private static MockToolCall ReadCall(JsonNode? node)
    {
        // OpenAI's {"type":"function","function":{"name","arguments"}} or the flat {"name","arguments"}.
        var call = (node as JsonObject)?["function"] as JsonObject ?? node as JsonObject;
        if (call?["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || name.Length == 0)
        {
            throw ChatRequestException.Invalid($"Each of '{ToolCallsField}' must name its tool ('function.name' or 'name').", ToolCallsField);
        }

        var arguments = call["arguments"] switch
        {
            null => new Dictionary<string, object?>(),
            JsonObject json => ToDictionary(json),
            JsonValue value when value.TryGetValue<string>(out var text) && TryParseArguments(text, out var parsed) => parsed,
            _ => throw ChatRequestException.Invalid($"The arguments of '{ToolCallsField}' must be a JSON object or a string holding one.", ToolCallsField),
        };
        return new MockToolCall(name, arguments);
    }

    private static bool TryParseArguments(string text, out Dictionary<string, object?> arguments)
    {
        arguments = [];
        try
        {
            if (JsonNode.Parse(text) is JsonObject json)
            {
                arguments = ToDictionary(json);
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>Arguments as a model's tool call carries them: JSON values by name.</summary>
    internal static Dictionary<string, object?> ToDictionary(JsonObject json) =>
        json.ToDictionary(pair => pair.Key, pair => (object?)JsonSerializer.SerializeToElement(pair.Value));
}

/// <summary>A tool call the mock model makes.</summary>
internal sealed record MockToolCall(string Name, IDictionary<string, object?> Arguments);
