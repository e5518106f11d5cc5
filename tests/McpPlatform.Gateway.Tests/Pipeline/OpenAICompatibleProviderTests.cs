using System.Net;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Chat;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// A model at an OpenAI-compatible endpoint, through Microsoft.Extensions.AI's OpenAI adapter: the model <c>relay</c>
/// points its <c>ApiBase</c> at this gateway's own <c>/v1</c>, whose <c>mock</c> model answers. The endpoint is real
/// (the gateway's chat completions, over the in-memory server's HTTP handler); no network is needed.
/// </summary>
public sealed class OpenAICompatibleProviderTests
{
    private const string Path = "/v1/chat/completions";

    private static Dictionary<string, string?> Settings(string apiKey = GatewayHost.Key) => new(ChatCompletionsTests.Models)
    {
        ["Gateway:Models:relay:Model"] = "openai/mock",
        ["Gateway:Models:relay:ApiBase"] = "http://localhost/v1",
        ["Gateway:Models:relay:ApiKey"] = apiKey,
    };

    private static Task<GatewayHost> StartAsync(FakeUpstream upstream, string apiKey = GatewayHost.Key) =>
        GatewayHost.StartAsync([upstream], Settings(apiKey), configure: builder => builder.Services
            .AddHttpClient(ChatProviders.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(services => ((TestServer)services.GetRequiredService<IServer>()).CreateHandler()));

    [Fact]
    public async Task Completion_ThroughTheOpenAIAdapter_AnswersTheEndpointsText()
    {
        await using var gateway = await StartAsync(new FakeUpstream("alpha"));

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, ChatHttp.Chat("relay", "hello"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("relay", (string?)body["model"]);
        Assert.Equal("This is a mock response.", (string?)body["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task Completion_ThroughTheOpenAIAdapter_TheEndpointsToolCallRunsTheMcpTool()
    {
        var alpha = new FakeUpstream("alpha");
        await using var gateway = await StartAsync(alpha);
        var request = ChatHttp.Chat("relay", """mock_tool_call: alpha-echo {"text":"via-openai"}""", ChatHttp.Mcp());

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("This is a mock response.\n[alpha-echo] via-openai", (string?)body["choices"]![0]!["message"]!["content"]);
        Assert.Equal(1, alpha.Calls);
    }

    [Fact]
    public async Task Completion_ThroughTheOpenAIAdapterStreamed_TheEndpointsToolCallRunsTheMcpTool()
    {
        var alpha = new FakeUpstream("alpha");
        await using var gateway = await StartAsync(alpha);
        var request = ChatHttp.Chat("relay", """mock_tool_call: alpha-echo {"text":"streamed via-openai"}""", ChatHttp.Mcp());

        var events = await ChatHttp.StreamAsync(gateway.Http(), Path, request);

        var text = string.Concat(events.SkipLast(1).Select(e => (string?)JsonNode.Parse(e.Data)!["choices"]![0]!["delta"]!["content"]));
        Assert.Equal("This is a mock response.\n[alpha-echo] streamed via-openai", text);
        Assert.Equal(1, alpha.Calls);
    }

    [Fact]
    public async Task Completion_ThroughTheOpenAIAdapter_TheEndpointsCallOfACallersFunctionIsReturned()
    {
        await using var gateway = await StartAsync(new FakeUpstream("alpha"));
        var request = ChatHttp.Chat("relay", """mock_tool_call: get_weather {"city":"Oslo"}""", ChatCompletionsTests.Weather());

        var (status, body) = await ChatHttp.PostAsync(gateway.Http(), Path, request);

        Assert.Equal(HttpStatusCode.OK, status);
        var call = body["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.Equal("Oslo", (string?)JsonNode.Parse((string)call["function"]!["arguments"]!)!["city"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // streamed too: the failure comes before the stream starts, as an HTTP error
    public async Task Completion_EndpointRefusesTheProvidersKey_Is502WithoutItsAnswerOrTheKey(bool stream)
    {
        const string wrongKey = "relay-wrong-key-5e4d3c2b1a09";
        await using var gateway = await StartAsync(new FakeUpstream("alpha"), wrongKey);
        var request = ChatHttp.Chat("relay", "hello");
        request["stream"] = stream;

        using var response = await gateway.Http().PostAsync(Path, new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("The provider of model 'relay' answered with an error (HTTP 401).", (string?)JsonNode.Parse(text)!["error"]!["message"]);
        Assert.DoesNotContain(wrongKey, text);
        Assert.DoesNotContain("invalid_api_key", text); // the endpoint's own answer is not passed on
    }
}
