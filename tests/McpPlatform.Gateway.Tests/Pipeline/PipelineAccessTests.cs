using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// Per-key access through the whole gateway pipeline against in-memory upstreams: a server or tool a key may not use is
/// out of reach by every route (aggregate, per server by name or alias, narrowed by header), in every listing and API.
/// </summary>
public sealed class PipelineAccessTests
{
    private const string AlphaOnlyKey = "alpha-only-key-0123456789abcdef";
    private const string NoEchoKey = "no-echo-key-0123456789abcdef01";
    private const string WhoamiOnlyKey = "whoami-only-key-0123456789abcde";
    private const string NoServersKey = "no-servers-key-0123456789abcdef";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Gateway:Servers:alpha:Aliases:0"] = "a",
        ["Gateway:Servers:beta:Aliases:0"] = "b",
        ["Gateway:Keys:alpha-only:Key"] = AlphaOnlyKey,
        ["Gateway:Keys:alpha-only:Servers:0"] = "a", // granted by alias
        ["Gateway:Keys:no-echo:Key"] = NoEchoKey,
        ["Gateway:Keys:no-echo:Servers:0"] = "*",
        ["Gateway:Keys:no-echo:DenyTools:0"] = "*/echo",
        ["Gateway:Keys:whoami-only:Key"] = WhoamiOnlyKey,
        ["Gateway:Keys:whoami-only:Servers:0"] = "*",
        ["Gateway:Keys:whoami-only:Tools:0"] = "beta/who*",
        ["Gateway:Keys:no-servers:Key"] = NoServersKey,
    };

    [Fact]
    public async Task ForbiddenServer_IsUnreachableByEveryRoute()
    {
        await using var gateway = await StartAsync();
        await using (var aggregate = await gateway.ConnectAsync(key: AlphaOnlyKey))
        {
            Assert.DoesNotContain(await aggregate.ListToolsAsync(), tool => tool.Name.StartsWith("beta", StringComparison.Ordinal));
            await AssertUnknownToolAsync(aggregate, "beta-whoami");
            await AssertUnknownToolAsync(aggregate, "b-whoami");
            Assert.Equal("alpha", await WhoamiAsync(aggregate, "a-whoami"));
        }

        await using (var narrowed = await ConnectAsync(gateway, AlphaOnlyKey, "beta,b"))
        {
            Assert.Empty(await narrowed.ListToolsAsync());
            await AssertUnknownToolAsync(narrowed, "beta-whoami");
        }

        foreach (var route in (string[])["/mcp/beta", "/mcp/b", "/mcp/B", "/mcp/nonexistent"])
        {
            Assert.Equal(HttpStatusCode.NotFound, await InitializeStatusAsync(gateway, route, AlphaOnlyKey));
        }

        using var http = gateway.Http(AlphaOnlyKey);
        Assert.DoesNotContain("beta", (await http.GetFromJsonAsync<JsonElement>("/v1/models")).GetRawText());
        var servers = await http.GetFromJsonAsync<JsonElement>("/v1/mcp/servers");
        Assert.Equal(["alpha"], servers.GetProperty("servers").EnumerateArray().Select(server => server.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task DeniedTool_IsUnreachableByEveryRoute()
    {
        await using var gateway = await StartAsync();
        await using (var aggregate = await gateway.ConnectAsync(key: NoEchoKey))
        {
            var names = (await aggregate.ListToolsAsync()).Select(tool => tool.Name).Order().ToList();
            Assert.Equal(["alpha-whoami", "beta-whoami"], names);
            foreach (var tool in (string[])["alpha-echo", "a-echo", "beta-echo", "b-echo"])
            {
                await AssertUnknownToolAsync(aggregate, tool);
            }
        }

        await using (var narrowed = await ConnectAsync(gateway, NoEchoKey, "a"))
        {
            await AssertUnknownToolAsync(narrowed, "alpha-echo");
        }

        foreach (var route in (string[])["/mcp/alpha", "/mcp/a", "/mcp/b"])
        {
            await using var perServer = await gateway.ConnectAsync(route, NoEchoKey);
            Assert.DoesNotContain(await perServer.ListToolsAsync(), tool => tool.Name == "echo");
            await AssertUnknownToolAsync(perServer, "echo");
        }

        using var http = gateway.Http(NoEchoKey);
        Assert.DoesNotContain("echo", (await http.GetFromJsonAsync<JsonElement>("/v1/models")).GetRawText());
    }

    [Fact]
    public async Task AllowList_KeySeesOnlyMatchingTools()
    {
        await using var gateway = await StartAsync();
        await using var client = await gateway.ConnectAsync(key: WhoamiOnlyKey);

        var names = (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();

        Assert.Equal(["beta-whoami"], names);
        await AssertUnknownToolAsync(client, "alpha-whoami");
    }

    [Fact]
    public async Task KeyWithoutServers_SeesNothing()
    {
        await using var gateway = await StartAsync();
        await using var client = await gateway.ConnectAsync(key: NoServersKey);

        Assert.Empty(await client.ListToolsAsync());
        await AssertUnknownToolAsync(client, "alpha-whoami");
        Assert.Equal(HttpStatusCode.NotFound, await InitializeStatusAsync(gateway, "/mcp/alpha", NoServersKey));
    }

    [Fact]
    public async Task HeaderNarrowing_ByAlias_ListsOnlyThatServer()
    {
        await using var gateway = await StartAsync();
        await using var client = await ConnectAsync(gateway, GatewayHost.Key, "b");

        var names = (await client.ListToolsAsync()).Select(tool => tool.Name).Order().ToList();

        Assert.Equal(["beta-echo", "beta-whoami"], names);
    }

    [Fact]
    public async Task SessionOfOneKey_CannotBeUsedWithAnotherKey()
    {
        await using var gateway = await StartAsync();
        using var owner = gateway.Http();
        using var initialize = await owner.SendAsync(Initialize("/mcp"));
        var sessionId = initialize.Headers.GetValues("Mcp-Session-Id").Single();

        using var intruder = gateway.Http(NoServersKey);
        using var request = JsonRpc("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""");
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using var response = await intruder.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("whoami", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoKeyOrAWrongKey_GetsUnauthorizedOnEveryRoute()
    {
        await using var gateway = await StartAsync();
        foreach (var key in (string?[])[null, "wrong-key-0123456789abcdefghij"])
        {
            foreach (var route in (string[])["/mcp", "/mcp/alpha", "/mcp/a"])
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await InitializeStatusAsync(gateway, route, key));
            }

            using var http = gateway.Http(key!);
            if (key is null)
            {
                http.DefaultRequestHeaders.Authorization = null;
            }

            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/mcp/servers")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/models")).StatusCode);
        }
    }

    private static Task<GatewayHost> StartAsync() =>
        GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], Settings);

    private static async Task<McpClient> ConnectAsync(GatewayHost gateway, string key, string servers)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(gateway.BaseAddress, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["x-mcp-servers"] = servers },
            },
            gateway.Http(key),
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" });
    }

    private static async Task<string> WhoamiAsync(McpClient client, string tool) =>
        Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single((await client.CallToolAsync(tool)).Content)).Text;

    private static async Task AssertUnknownToolAsync(McpClient client, string tool)
    {
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(tool).AsTask());
        Assert.Contains("Unknown tool", error.Message);
    }

    private static async Task<HttpStatusCode> InitializeStatusAsync(GatewayHost gateway, string route, string? key)
    {
        using var http = gateway.Http(key ?? "");
        if (key is null)
        {
            http.DefaultRequestHeaders.Authorization = null;
        }

        using var response = await http.SendAsync(Initialize(route));
        return response.StatusCode;
    }

    private static HttpRequestMessage Initialize(string route) =>
        JsonRpc(route, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""");

    private static HttpRequestMessage JsonRpc(string route, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return request;
    }
}
