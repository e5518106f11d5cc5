using System.Text.Json;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// A server's <c>ForwardHeaders</c> (LiteLLM's <c>extra_headers</c>) pass exactly the named client headers to that
/// server's tool calls, over a real HTTP upstream: never the gateway's key, never another header, never to another
/// server, and never in place of a configured upstream header.
/// </summary>
public sealed class UpstreamHeaderForwardingTests
{
    [Fact]
    public async Task ToolCall_PassesOnOnlyTheNamedClientHeaders_NeverTheGatewaysKey()
    {
        await using var upstream = await HeaderEchoUpstream.StartAsync();
        await using var gateway = await StartAsync(upstream, new()
        {
            ["Gateway:Servers:web:ForwardHeaders:0"] = "x-user-token",
            ["Gateway:Servers:web:ForwardHeaders:1"] = "x-fixed",
            ["Gateway:Servers:web:Headers:x-fixed"] = "from-configuration",
            ["Gateway:Servers:plain:Url"] = upstream.McpUrl.ToString(),
        });
        var clientHeaders = new Dictionary<string, string> { ["x-user-token"] = "user-token-1", ["x-other"] = "not-passed", ["x-fixed"] = "from-client" };
        await using var client = await ConnectAsync(gateway, clientHeaders);

        var web = await SeenAsync(client, "web-headers");
        var plain = await SeenAsync(client, "plain-headers");
        await client.ListToolsAsync();

        Assert.Equal("user-token-1", web["x-user-token"]);
        Assert.Equal("from-configuration", web["x-fixed"]); // a configured upstream header is never replaced by a client's
        Assert.False(web.ContainsKey("x-other"));
        Assert.False(plain.ContainsKey("x-user-token")); // only the server configured to get it
        Assert.All(web.Values.Concat(plain.Values), value => Assert.DoesNotContain(GatewayHost.Key, value, StringComparison.Ordinal));
        Assert.NotEmpty(upstream.ListHeaders);
        Assert.DoesNotContain("x-user-token", upstream.ListHeaders); // lists (and the session's opening) serve every client
    }

    [Fact]
    public async Task ChatToolCall_PassesOnTheNamedHeadersOfTheChatRequest()
    {
        await using var upstream = await HeaderEchoUpstream.StartAsync();
        await using var gateway = await StartAsync(upstream, new(ChatCompletionsTests.Models)
        {
            ["Gateway:Servers:web:ForwardHeaders:0"] = "x-user-token",
        });
        using var http = gateway.Http();
        http.DefaultRequestHeaders.Add("x-user-token", "chat-user-token");
        http.DefaultRequestHeaders.Add("x-other", "not-passed");
        var request = ChatHttp.Chat("mock", "which headers?", ChatHttp.Mcp()).MockCall("web-headers", []);

        var (_, body) = await ChatHttp.PostAsync(http, "/v1/chat/completions", request);

        var content = (string)body["choices"]![0]!["message"]!["content"]!;
        var seen = JsonSerializer.Deserialize<Dictionary<string, string>>(content[(content.IndexOf("[web-headers] ", StringComparison.Ordinal) + 14)..])!;
        Assert.Equal("chat-user-token", seen["x-user-token"]);
        Assert.False(seen.ContainsKey("x-other"));
        Assert.All(seen.Values, value => Assert.DoesNotContain(GatewayHost.Key, value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("x-litellm-api-key")]
    [InlineData("Cookie")]
    [InlineData("Mcp-Session-Id")]
    [InlineData("bad header")]
    public void ForwardHeaders_TheGatewaysCredentialsOrATransportHeader_AreRefusedAtStart(string header)
    {
        var options = new GatewayOptions();
        options.Servers["web"] = new UpstreamServerOptions { Url = new Uri("http://web/mcp"), ForwardHeaders = [header] };

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"ForwardHeaders: '{header}'", result.FailureMessage, StringComparison.Ordinal);
    }

    private static Task<GatewayHost> StartAsync(HeaderEchoUpstream upstream, Dictionary<string, string?> settings)
    {
        settings["Gateway:Servers:web:Url"] = upstream.McpUrl.ToString();
        return GatewayHost.StartAsync([new FakeUpstream("alpha")], settings, configure: builder =>
        {
            // The real HTTP transports for every server that is no fake, their requests into the upstream's test server.
            builder.Services.AddHttpClient(UpstreamTransports.HttpClientName).ConfigurePrimaryHttpMessageHandler(upstream.Handler);
            builder.Services.AddSingleton<IUpstreamTransports>(services => new RealHttpBesideFakes(
                new FakeUpstreams(new Dictionary<string, FakeUpstream> { ["alpha"] = new("alpha") }),
                new UpstreamTransports(services.GetRequiredService<IHttpClientFactory>(), NullLoggerFactory.Instance)));
        });
    }

    private static async Task<McpClient> ConnectAsync(GatewayHost gateway, Dictionary<string, string> headers)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(gateway.BaseAddress, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp, AdditionalHeaders = headers },
            gateway.Http(),
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" });
    }

    private static async Task<Dictionary<string, string>> SeenAsync(McpClient client, string tool)
    {
        var result = await client.CallToolAsync(tool);
        Assert.NotEqual(true, result.IsError);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text)!;
    }

    private sealed class RealHttpBesideFakes(FakeUpstreams fakes, UpstreamTransports real) : IUpstreamTransports
    {
        public IClientTransport Create(string server, UpstreamServerOptions options) =>
            server == "alpha" ? fakes.Create(server, options) : real.Create(server, options);
    }
}
