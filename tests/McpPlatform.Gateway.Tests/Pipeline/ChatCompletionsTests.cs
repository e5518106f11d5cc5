using System.Net;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Limits;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// <c>POST /v1/chat/completions</c> through the whole pipeline with the mock model: OpenAI's shapes, the gateway's tool
/// loop over MCP tools (the key's, the entry's server, allowed_tools), function tools passed through, the loop bound,
/// streaming, and errors.
/// </summary>
public sealed class ChatCompletionsTests
{
    private const string Path = "/v1/chat/completions";

    internal static readonly Dictionary<string, string?> Models = new()
    {
        ["Gateway:Models:mock:Model"] = "mock-response",
        ["Gateway:Models:listed-only:OwnedBy"] = "someone",
    };

    [Fact]
    public async Task Completion_MockModel_AnswersInOpenAIsShape()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], Models);

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, ChatHttp.Chat("mock", "hello"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("chat.completion", (string?)body["object"]);
        Assert.Equal("mock", (string?)body["model"]);
        Assert.StartsWith("chatcmpl-", (string?)body["id"]);
        var choice = body["choices"]![0]!;
        Assert.Equal("assistant", (string?)choice["message"]!["role"]);
        Assert.Equal("This is a mock response.", (string?)choice["message"]!["content"]);
        Assert.Equal("stop", (string?)choice["finish_reason"]);
        Assert.True((int)body["usage"]!["total_tokens"]! > 0);
    }

    [Fact]
    public async Task Completion_ModelCallsAnMcpTool_GatewayRunsItAndTheModelAnswersWithItsResult()
    {
        var alpha = new FakeUpstream("alpha");
        await using var gateway = await GatewayHost.StartAsync([alpha], Models);
        var request = ChatHttp.Chat("mock", "echo please", ChatHttp.Mcp()).MockCall("alpha-echo", new JsonObject { ["text"] = "from-the-tool" });

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        var message = body["choices"]![0]!["message"]!;
        Assert.Equal("This is a mock response.\n[alpha-echo] from-the-tool", (string?)message["content"]);
        Assert.Null(message["tool_calls"]); // the gateway ran it: nothing is left for the caller
        Assert.Equal("stop", (string?)body["choices"]![0]!["finish_reason"]);
        Assert.Equal(1, alpha.Calls);
    }

    [Theory]
    [InlineData("litellm_proxy/mcp/beta")] // another server's entry: alpha's tools are not offered
    [InlineData("litellm_proxy", "whoami")] // allowed_tools leaves echo out
    public async Task Completion_ModelCallsAToolItWasNotOffered_GatewayRunsNothing(string serverUrl, params string[] allowed)
    {
        var alpha = new FakeUpstream("alpha");
        await using var gateway = await GatewayHost.StartAsync([alpha, new FakeUpstream("beta")], Models);
        var request = ChatHttp.Chat("mock", "echo please", ChatHttp.Mcp(serverUrl, allowed)).MockCall("alpha-echo", new JsonObject { ["text"] = "x" });

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("[alpha-echo] Error: Requested function \"alpha-echo\" not found.", (string?)body["choices"]![0]!["message"]!["content"]);
        Assert.Equal(0, alpha.Calls);
    }

    [Fact]
    public async Task Completion_KeyWithoutTheServer_NamingItInServerUrlIsRefused()
    {
        var beta = new FakeUpstream("beta");
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), beta], Models);
        var request = ChatHttp.Chat("mock", "who", ChatHttp.Mcp("litellm_proxy/mcp/beta")).MockCall("beta-whoami", []);

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(GatewayHost.NarrowKey), Path, request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Unknown MCP server 'beta'.", (string?)body["error"]!["message"]);
        Assert.Equal(0, beta.Calls);
    }

    [Fact]
    public async Task Completion_ModelCallsACallersFunction_TheCallIsReturnedNotRun()
    {
        var alpha = new FakeUpstream("alpha");
        await using var gateway = await GatewayHost.StartAsync([alpha], Models);
        var request = ChatHttp.Chat("mock", "weather?", ChatHttp.Mcp(), Weather()).MockCall("get_weather", new JsonObject { ["city"] = "Oslo" });

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tool_calls", (string?)body["choices"]![0]!["finish_reason"]);
        var call = body["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Assert.Equal("function", (string?)call["type"]);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.Equal("Oslo", (string?)JsonNode.Parse((string)call["function"]!["arguments"]!)!["city"]);
        Assert.Equal(0, alpha.Calls);
    }

    [Fact]
    public async Task Completion_ModelKeepsCallingTools_LoopStopsAtMaxToolRounds()
    {
        var alpha = new FakeUpstream("alpha");
        var settings = new Dictionary<string, string?>(Models) { ["Gateway:Chat:MaxToolRounds"] = "3" };
        await using var gateway = await GatewayHost.StartAsync([alpha], settings);
        var request = ChatHttp.Chat("mock", "loop", ChatHttp.Mcp()).MockCall("alpha-echo", new JsonObject { ["text"] = "again" }, rounds: 50);

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, alpha.Calls);
        Assert.Null(body["choices"]![0]!["message"]!["tool_calls"]); // the MCP calls left unrun are not the caller's
    }

    [Fact]
    public async Task Completion_Streamed_SendsChunksInOpenAIsShapeEndingInDone()
    {
        var alpha = new FakeUpstream("alpha");
        await using var gateway = await GatewayHost.StartAsync([alpha], Models);
        var request = ChatHttp.Chat("mock", "echo please", ChatHttp.Mcp()).MockCall("alpha-echo", new JsonObject { ["text"] = "streamed result" });
        request["stream_options"] = new JsonObject { ["include_usage"] = true };

        var events = await ChatHttp.StreamAsync(gateway.Http(), Path, request);

        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", (string?)chunk["object"]));
        Assert.Single(chunks.Select(chunk => (string?)chunk["id"]).Distinct());
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        var text = string.Concat(chunks.Where(chunk => chunk["choices"]!.AsArray().Count > 0).Select(chunk => (string?)chunk["choices"]![0]!["delta"]!["content"]));
        Assert.Equal("This is a mock response.\n[alpha-echo] streamed result", text);
        Assert.Equal("stop", (string?)chunks[^2]["choices"]![0]!["finish_reason"]);
        Assert.Empty(chunks[^1]["choices"]!.AsArray()); // include_usage: a last chunk with the usage only
        Assert.True((int)chunks[^1]["usage"]!["total_tokens"]! > 0);
        Assert.Equal(1, alpha.Calls);
    }

    [Fact]
    public async Task Completion_StreamedCallersFunction_ArrivesAsAToolCallDelta()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], Models);
        var request = ChatHttp.Chat("mock", "weather?", Weather()).MockCall("get_weather", new JsonObject { ["city"] = "Oslo" });

        var events = await ChatHttp.StreamAsync(gateway.Http(), Path, request);

        var chunks = events.SkipLast(1).Select(e => JsonNode.Parse(e.Data)!).ToList();
        var call = chunks.Select(chunk => chunk["choices"]![0]!["delta"]!["tool_calls"]).Single(calls => calls is not null)![0]!;
        Assert.Equal(0, (int)call["index"]!);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.Equal("tool_calls", (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "not json", "The body is not valid JSON." },
        { "[]", "The body must be a JSON object." },
        { """{"messages":[{"role":"user","content":"hi"}]}""", "'model' is required and must be a string." },
        { """{"model":"mock"}""", "'messages' is required and must be a non-empty array." },
        { """{"model":"mock","messages":[{"role":"wizard","content":"hi"}]}""", "A message's role must be system, developer, user, assistant or tool, not 'wizard'." },
        { """{"model":"mock","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"web_search"}]}""", "Tools of type 'web_search' are not supported: use 'function' or 'mcp'." },
        { """{"model":"mock","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"mcp","server_url":"https://evil.example/mcp"}]}""", "The gateway runs only its own MCP servers: an 'mcp' tool's 'server_url' must be 'litellm_proxy' or 'litellm_proxy/mcp/<server>'." },
        { """{"model":"mock","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"mcp","server_url":"litellm_proxy","require_approval":"always"}]}""", "An 'mcp' tool's 'require_approval' must be 'never': the gateway runs MCP tools itself and does not ask." },
        { """{"model":"mock","messages":[{"role":"user","content":"hi"}],"mock_tool_calls":[{"function":{}}]}""", "Each of 'mock_tool_calls' must name its tool ('function.name' or 'name')." },
        { """{"model":"listed-only","messages":[{"role":"user","content":"hi"}]}""", "The model 'listed-only' is listed but has no provider to chat with (Gateway:Models:listed-only:Model)." },
    };

    [Fact]
    public async Task Completion_KeyLimitedToOneCallInFlight_ItsChatStillRunsMcpTools()
    {
        // The chat request holds the key's one call in flight; its tool calls run inside it and must not need a second.
        var alpha = new FakeUpstream("alpha");
        var settings = new Dictionary<string, string?>(Models) { ["Gateway:Limits:MaxPendingCallsPerKey"] = "1" };
        await using var gateway = await GatewayHost.StartAsync([alpha], settings);
        var request = ChatHttp.Chat("mock", "echo twice", ChatHttp.Mcp()).MockCall("alpha-echo", new JsonObject { ["text"] = "again" }, rounds: 2);

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, alpha.Calls);
        Assert.Contains("[alpha-echo] again", (string?)body["choices"]![0]!["message"]!["content"]);
        Assert.Equal(0, gateway.Services.GetRequiredService<ResourceLimiter>().InUse(LimitedResource.PendingCall, "wide")); // all given back
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Completion_BadRequest_IsAnOpenAIStyle400(string body, string message)
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], Models);

        using var response = await gateway.Http().PostAsync(Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, (string?)error["message"]);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
    }

    [Fact]
    public async Task Completion_UnknownModel_Is404ModelNotFound()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], Models);

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, ChatHttp.Chat("gpt-nothing", "hi"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("model_not_found", (string?)body["error"]!["code"]);
        Assert.Equal("The model 'gpt-nothing' does not exist or you do not have access to it.", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task Completion_ModelNotAmongTheKeysModels_Is404LikeAnUnknownOne()
    {
        const string key = "models-key-0123456789abcdef0123";
        var settings = new Dictionary<string, string?>(Models)
        {
            ["Gateway:Models:other:Model"] = "mock-response",
            ["Gateway:Keys:limited:Key"] = key,
            ["Gateway:Keys:limited:Servers:0"] = "*",
            ["Gateway:Keys:limited:Models:0"] = "mock",
        };
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], settings);

        var (refused, body) = await ChatHttp.PostAsync(gateway.Http(key), Path, ChatHttp.Chat("other", "hi"));
        var (allowed, _) = await ChatHttp.PostAsync(gateway.Http(key), Path, ChatHttp.Chat("mock", "hi"));

        Assert.Equal(HttpStatusCode.NotFound, refused);
        Assert.Equal("model_not_found", (string?)body["error"]!["code"]);
        Assert.Equal(HttpStatusCode.OK, allowed);
    }

    [Fact]
    public async Task Completion_WithoutAKey_Is401()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], Models);
        using var http = gateway.Http();
        http.DefaultRequestHeaders.Authorization = null;

        var (status, body) = await ChatHttp.PostAsync(http, Path, ChatHttp.Chat("mock", "hi"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("missing_api_key", (string?)body["error"]!["code"]);
    }

    internal static JsonObject Weather() => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = "get_weather",
            ["description"] = "The weather in a city.",
            ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } } },
        },
    };
}
