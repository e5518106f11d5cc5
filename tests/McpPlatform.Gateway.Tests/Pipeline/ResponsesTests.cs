using System.Net;
using System.Text.Json.Nodes;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// <c>POST /v1/responses</c> through the whole pipeline with the mock model: the MCP calls the gateway ran as
/// <c>mcp_call</c> items, the caller's function calls as <c>function_call</c> items, the streamed <c>response.*</c>
/// events, and what it refuses.
/// </summary>
public sealed class ResponsesTests
{
    private const string Path = "/v1/responses";

    [Fact]
    public async Task Response_ModelCallsAnMcpTool_OutputHoldsTheMcpCallAndTheMessage()
    {
        var alpha = new FakeUpstream("alpha");
        await using var gateway = await GatewayHost.StartAsync([alpha], ChatCompletionsTests.Models);
        var request = ChatHttp.Response("mock", "echo please", ChatHttp.Mcp("litellm_proxy/mcp/alpha")).MockCall("alpha-echo", new JsonObject { ["text"] = "from-the-tool" });
        request["instructions"] = "Be brief.";

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("response", (string?)body["object"]);
        Assert.Equal("completed", (string?)body["status"]);
        Assert.StartsWith("resp_", (string?)body["id"]);
        var output = body["output"]!.AsArray();
        Assert.Equal(["mcp_call", "message"], output.Select(item => (string?)item!["type"]));
        Assert.Equal("alpha-echo", (string?)output[0]!["name"]);
        Assert.Equal("gateway", (string?)output[0]!["server_label"]);
        Assert.Equal("from-the-tool", (string?)output[0]!["output"]);
        Assert.Equal("from-the-tool", (string?)JsonNode.Parse((string)output[0]!["arguments"]!)!["text"]);
        Assert.Equal("This is a mock response.\n[alpha-echo] from-the-tool", (string?)output[1]!["content"]![0]!["text"]);
        Assert.Equal(1, alpha.Calls);
    }

    [Fact]
    public async Task Response_ModelCallsACallersFunction_OutputHoldsAFunctionCallItem()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], ChatCompletionsTests.Models);
        var weather = new JsonObject
        {
            ["type"] = "function",
            ["name"] = "get_weather",
            ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } } },
        };
        var request = ChatHttp.Response("mock", "weather?", weather).MockCall("get_weather", new JsonObject { ["city"] = "Oslo" });

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        var call = Assert.Single(body["output"]!.AsArray())!;
        Assert.Equal("function_call", (string?)call["type"]);
        Assert.Equal("get_weather", (string?)call["name"]);
        Assert.NotNull((string?)call["call_id"]);
    }

    [Fact]
    public async Task Response_FunctionCallOutputInInput_GoesBackToTheModel()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], ChatCompletionsTests.Models);
        var request = new JsonObject
        {
            ["model"] = "mock",
            ["input"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = "weather?" },
                new JsonObject { ["type"] = "function_call", ["call_id"] = "call_1", ["name"] = "get_weather", ["arguments"] = """{"city":"Oslo"}""" },
                new JsonObject { ["type"] = "function_call_output", ["call_id"] = "call_1", ["output"] = "sunny" }),
        };

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("This is a mock response.\n[get_weather] sunny", (string?)body["output"]![0]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task Response_Streamed_SendsTheResponseEventsInOrder()
    {
        var alpha = new FakeUpstream("alpha");
        await using var gateway = await GatewayHost.StartAsync([alpha], ChatCompletionsTests.Models);
        var request = ChatHttp.Response("mock", "echo please", ChatHttp.Mcp()).MockCall("alpha-echo", new JsonObject { ["text"] = "streamed result" });

        var events = await ChatHttp.StreamAsync(gateway.Http(), Path, request);

        var data = events.Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.All(events.Zip(data), pair => Assert.Equal(pair.First.Event, (string?)pair.Second["type"])); // event name = data's type
        Assert.Equal(Enumerable.Range(0, data.Count), data.Select(item => (int)item["sequence_number"]!));
        var types = data.Select(item => (string)item["type"]!).ToList();
        Assert.Equal(["response.created", "response.in_progress"], types.Take(2));
        Assert.Equal("response.completed", types[^1]);
        Assert.True(types.IndexOf("response.mcp_call.in_progress") < types.IndexOf("response.mcp_call.completed"));
        Assert.True(types.IndexOf("response.mcp_call.completed") < types.IndexOf("response.output_text.delta"));
        var text = string.Concat(data.Where(item => (string?)item["type"] == "response.output_text.delta").Select(item => (string?)item["delta"]));
        Assert.Equal("This is a mock response.\n[alpha-echo] streamed result", text);
        var completed = data[^1]["response"]!;
        Assert.Equal("completed", (string?)completed["status"]);
        Assert.Equal(["mcp_call", "message"], completed["output"]!.AsArray().Select(item => (string?)item!["type"]));
        Assert.Equal("streamed result", (string?)completed["output"]![0]!["output"]);
        Assert.Equal(text, (string?)completed["output"]![1]!["content"]![0]!["text"]);
        Assert.Equal(1, alpha.Calls);
    }

    [Theory]
    [InlineData("""{"model":"mock","input":"hi","previous_response_id":"resp_1"}""", "'previous_response_id' is not served: the gateway stores no responses; send the whole conversation in 'input'.")]
    [InlineData("""{"model":"mock"}""", "'input' is required: a string or a non-empty array of input items.")]
    [InlineData("""{"model":"mock","input":[{"type":"image_generation_call"}]}""", "Input items of type 'image_generation_call' are not served: use messages, 'function_call' and 'function_call_output'.")]
    public async Task Response_BadRequest_IsAnOpenAIStyle400(string body, string message)
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], ChatCompletionsTests.Models);

        using var response = await gateway.Http().PostAsync(Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, (string?)error["message"]);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
    }
}
