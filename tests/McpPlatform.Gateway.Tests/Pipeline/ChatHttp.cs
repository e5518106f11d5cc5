using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>Raw HTTP to the chat endpoints, as any OpenAI client sends it: a JSON body, a JSON answer or server-sent events.</summary>
internal static class ChatHttp
{
    public static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "");
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>The events of a streamed answer, in order: the <c>event:</c> name (null when unnamed) and the <c>data:</c> text.</summary>
    public static async Task<List<(string? Event, string Data)>> StreamAsync(HttpClient http, string path, JsonObject body)
    {
        body["stream"] = true;
        using var response = await http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string?, string)>();
        string? name = null;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name, line["data: ".Length..]));
                name = null;
            }
        }

        return events;
    }

    /// <summary>A user message asking for <paramref name="text"/>, to <paramref name="model"/>.</summary>
    public static JsonObject Chat(string model, string text, params JsonNode[] tools)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        };
        if (tools.Length > 0)
        {
            body["tools"] = new JsonArray(tools);
        }

        return body;
    }

    public static JsonObject Response(string model, string input, params JsonNode[] tools)
    {
        var body = new JsonObject { ["model"] = model, ["input"] = input };
        if (tools.Length > 0)
        {
            body["tools"] = new JsonArray(tools);
        }

        return body;
    }

    /// <summary>LiteLLM's MCP tool entry: the gateway's servers (all, or one), optionally narrowed to some tools.</summary>
    public static JsonObject Mcp(string serverUrl = "litellm_proxy", params string[] allowedTools)
    {
        var tool = new JsonObject { ["type"] = "mcp", ["server_label"] = "gateway", ["server_url"] = serverUrl, ["require_approval"] = "never" };
        if (allowedTools.Length > 0)
        {
            tool["allowed_tools"] = new JsonArray([.. allowedTools.Select(name => (JsonNode)name)]);
        }

        return tool;
    }

    /// <summary>The mock model's script: call <paramref name="tool"/> with <paramref name="arguments"/>.</summary>
    public static JsonObject MockCall(this JsonObject body, string tool, JsonObject arguments, int? rounds = null)
    {
        body["mock_tool_calls"] = new JsonArray(new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments.ToJsonString() },
        });
        if (rounds is { } count)
        {
            body["mock_tool_call_rounds"] = count;
        }

        return body;
    }
}
