using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpPlatform.Gateway.Limits;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// The REST tool surface (<c>/v1/mcp/tools…</c>, the OpenAPI operations) through the whole gateway pipeline: the same
/// key rules, limits and upstream behaviour as MCP, answered with HTTP status codes.
/// </summary>
public sealed class RestToolsTests
{
    [Fact]
    public async Task ListTools_AggregateBase_ListsTheKeysToolsNamespacedWithTheirServer()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        var tools = await ToolsAsync(gateway.Http(), "/v1/mcp/tools");

        Assert.Equal(["alpha-echo", "alpha-whoami", "beta-echo", "beta-whoami"], tools.Select(tool => tool.Name).Order().ToList());
        Assert.Equal("beta", tools.Single(tool => tool.Name == "beta-echo").Server);
    }

    [Fact]
    public async Task ListTools_NarrowKey_SeesOnlyItsServer_AndAnotherServerIs404()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);
        using var http = gateway.Http(GatewayHost.NarrowKey);

        var tools = await ToolsAsync(http, "/v1/mcp/tools");
        using var other = await http.GetAsync("/v1/mcp/tools?server=beta");
        using var otherRoute = await http.GetAsync("/v1/mcp/servers/beta/tools");
        using var unknown = await http.GetAsync("/v1/mcp/servers/nothing/tools");

        Assert.Equal(["alpha-echo", "alpha-whoami"], tools.Select(tool => tool.Name).Order().ToList());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherRoute.StatusCode);
        Assert.Equal(await otherRoute.Content.ReadAsStringAsync(), (await unknown.Content.ReadAsStringAsync()).Replace("nothing", "beta", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallTool_NameAndArguments_RunsTheToolAndAnswersItsResult()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);

        using var response = await gateway.Http().PostAsJsonAsync("/v1/mcp/tools/call", new { name = "alpha-echo", arguments = new { text = "José \"quoted\" 東京" } });

        var result = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("José \"quoted\" 東京", result.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("echo", result.GetProperty("structuredContent").GetProperty("tool").GetString()); // the upstream got its own name
    }

    [Theory]
    [InlineData("/v1/mcp/tools/beta-whoami", "beta")]
    [InlineData("/v1/mcp/servers/beta/tools/whoami", "beta")]
    [InlineData("/v1/mcp/servers/a/tools/whoami", "alpha")] // an alias names the server
    public async Task CallOperation_EachBaseWithItsNames_ReachesTheRightServer(string path, string server)
    {
        await using var gateway = await GatewayHost.StartAsync(
            [new FakeUpstream("alpha"), new FakeUpstream("beta")], new Dictionary<string, string?> { ["Gateway:Servers:alpha:Aliases:0"] = "a" });

        using var response = await gateway.Http().PostAsync(path, content: null); // a tool without arguments: no body at all

        Assert.Equal(server, (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("beta-whoami")] // another server's tool
    [InlineData("alpha-nothing")] // no such tool
    public async Task CallTool_HiddenAndUnknownTools_Answer404Alike(string tool)
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        using var response = await gateway.Http(GatewayHost.NarrowKey).PostAsJsonAsync("/v1/mcp/tools/call", new { name = tool });

        var error = (await JsonAsync(response, HttpStatusCode.NotFound)).GetProperty("error");
        Assert.Equal(("unknown_tool", $"Unknown tool: '{tool}'."), (error.GetProperty("code").GetString(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task CallTool_ReadOnlyKey_ToolsNotAnnotatedReadOnlyAreHidden()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], new Dictionary<string, string?>
        {
            ["Gateway:Keys:ro:Key"] = "read-only-test-key-0123456789",
            ["Gateway:Keys:ro:Servers:0"] = "*",
            ["Gateway:Keys:ro:ReadOnly"] = "true",
        });
        using var http = gateway.Http("read-only-test-key-0123456789");

        using var call = await http.PostAsJsonAsync("/v1/mcp/tools/alpha-echo", new { text = "x" });

        Assert.Empty(await ToolsAsync(http, "/v1/mcp/tools"));
        Assert.Equal(HttpStatusCode.NotFound, call.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key-0123456789abcdef", HttpStatusCode.Unauthorized)]
    public async Task CallTool_WithoutAnAcceptedKey_401(string? key, HttpStatusCode expected)
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);
        using var http = gateway.Http();
        http.DefaultRequestHeaders.Authorization = key is null ? null : new("Bearer", key);

        using var call = await http.PostAsJsonAsync("/v1/mcp/tools/call", new { name = "alpha-echo" });
        using var document = await http.GetAsync("/v1/mcp/openapi.json");

        Assert.Equal((expected, expected), (call.StatusCode, document.StatusCode));
    }

    [Theory]
    [InlineData("/v1/mcp/tools/call", "{not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/v1/mcp/tools/call", """{"arguments":{}}""", "application/json", HttpStatusCode.BadRequest)] // no name
    [InlineData("/v1/mcp/tools/call", """{"name":"alpha-echo","arguments":[1]}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/v1/mcp/tools/alpha-echo", "\"text\"", "application/json", HttpStatusCode.BadRequest)] // arguments must be an object
    [InlineData("/v1/mcp/tools/alpha-echo", "text=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task CallTool_MalformedBody_IsRefusedWithAClearJsonError(string path, string body, string contentType, HttpStatusCode expected)
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);

        using var response = await gateway.Http().PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

        Assert.False(string.IsNullOrEmpty((await JsonAsync(response, expected)).GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task CallTool_PastTheKeysCallsInFlight_429WithRetryAfter()
    {
        var alpha = new FakeUpstream("alpha") { HangAfterFirstListing = true };
        await using var gateway = await GatewayHost.StartAsync([alpha], new Dictionary<string, string?> { ["Gateway:Limits:MaxPendingCallsPerKey"] = "1" });
        using var http = gateway.Http();
        await ToolsAsync(http, "/v1/mcp/tools");
        using var hanging = new CancellationTokenSource();
        var first = http.PostAsJsonAsync("/v1/mcp/tools/call", new { name = "alpha-whoami" }, hanging.Token);
        var limiter = gateway.Services.GetRequiredService<ResourceLimiter>();
        await WaitUntilAsync(() => limiter.InUse(LimitedResource.PendingCall, "wide") == 1); // the first call holds the key's one

        using var second = await http.PostAsJsonAsync("/v1/mcp/tools/call", new { name = "alpha-whoami" });

        Assert.Equal("key_concurrency_limit", (await JsonAsync(second, HttpStatusCode.TooManyRequests)).GetProperty("error").GetProperty("code").GetString());
        Assert.True(second.Headers.RetryAfter is not null);
        await hanging.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
    }

    [Fact]
    public async Task CallTool_PastTheKeysRequestsPerMinute_429()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], new Dictionary<string, string?> { ["Gateway:Keys:wide:Limits:RequestsPerMinute"] = "1" });
        using var http = gateway.Http();

        using var first = await http.PostAsJsonAsync("/v1/mcp/tools/call", new { name = "alpha-whoami" });
        using var second = await http.PostAsJsonAsync("/v1/mcp/tools/call", new { name = "alpha-whoami" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode));
    }

    [Fact]
    public async Task CallTool_ServerDown_502NamingTheServer()
    {
        var beta = new FakeUpstream("beta");
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), beta]);
        using var http = gateway.Http();
        await ToolsAsync(http, "/v1/mcp/tools");
        beta.Crash();

        using var response = await http.PostAsJsonAsync("/v1/mcp/tools/call", new { name = "beta-whoami" });

        var error = (await JsonAsync(response, HttpStatusCode.BadGateway)).GetProperty("error");
        Assert.Equal("upstream_unavailable", error.GetProperty("code").GetString());
        Assert.Contains("'beta'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_UpstreamPastItsRequestTimeout_504()
    {
        var alpha = new FakeUpstream("alpha") { HangAfterFirstListing = true };
        await using var gateway = await GatewayHost.StartAsync([alpha], new Dictionary<string, string?> { ["Gateway:Servers:alpha:RequestTimeout"] = "00:00:00.5" });
        using var http = gateway.Http();
        await ToolsAsync(http, "/v1/mcp/tools");

        using var response = await http.PostAsJsonAsync("/v1/mcp/tools/call", new { name = "alpha-whoami" });

        Assert.Equal("upstream_timeout", (await JsonAsync(response, HttpStatusCode.GatewayTimeout)).GetProperty("error").GetProperty("code").GetString());
    }

    internal static async Task<List<(string Name, string Server)>> ToolsAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var tools = (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("tools");
        return [.. tools.EnumerateArray().Select(tool => (tool.GetProperty("name").GetString()!, tool.GetProperty("server").GetString()!))];
    }

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(20);
        }
    }
}
