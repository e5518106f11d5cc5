using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>Routing, naming, access and forwarding through the whole gateway pipeline, against in-memory upstreams.</summary>
public sealed class PipelineRoutingTests
{
    private static readonly Dictionary<string, string?> Aliases = new() { ["Gateway:Servers:alpha:Aliases:0"] = "a" };

    [Fact]
    public async Task ToolsList_AggregateRoute_ListsEveryServersToolsNamespaced()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);
        await using var client = await gateway.ConnectAsync();

        var names = (await client.ListToolsAsync()).Select(tool => tool.Name).Order().ToList();

        Assert.Equal(["alpha-echo", "alpha-whoami", "beta-echo", "beta-whoami"], names);
    }

    [Theory]
    [InlineData("/mcp/beta", "whoami", "beta")]
    [InlineData("/mcp", "beta-whoami", "beta")]
    [InlineData("/mcp", "a-whoami", "alpha")] // an alias names the server on the aggregate route too
    [InlineData("/mcp/a", "whoami", "alpha")]
    public async Task CallTool_ByRouteAndName_ReachesTheRightServer(string route, string tool, string server)
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], Aliases);
        await using var client = await gateway.ConnectAsync(route);

        var result = await client.CallToolAsync(tool);

        Assert.Equal(server, Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task CallTool_PassesArgumentsAndTheUpstreamsResultThrough()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);
        await using var client = await gateway.ConnectAsync();

        var result = await client.CallToolAsync("alpha-echo", new Dictionary<string, object?> { ["text"] = "José \"quoted\" 東京 <b>" });

        Assert.Equal("José \"quoted\" 東京 <b>", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.Equal("alpha", result.StructuredContent!.Value.GetProperty("server").GetString());
        Assert.Equal("echo", result.StructuredContent.Value.GetProperty("tool").GetString()); // the upstream got its own name
    }

    [Theory]
    [InlineData("beta-whoami")] // another server's tool
    [InlineData("alpha-nothing")] // no such tool
    [InlineData("nothing")]
    public async Task CallTool_NarrowKey_ForbiddenAndUnknownToolsAnswerAlike(string tool)
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);
        await using var client = await gateway.ConnectAsync(key: GatewayHost.NarrowKey);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(tool).AsTask());

        Assert.Contains($"Unknown tool: '{tool}'.", error.Message);
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.DoesNotContain(await client.ListToolsAsync(), listed => listed.Name.StartsWith("beta", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerDown_LeavesTheListAndItsCallsGetAClearToolError()
    {
        var beta = new FakeUpstream("beta");
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), beta]);
        await using var client = await gateway.ConnectAsync();
        Assert.Contains(await client.ListToolsAsync(), tool => tool.Name == "beta-whoami");

        beta.Crash();
        var result = await client.CallToolAsync("beta-whoami"); // its session is gone with the server: a new one is refused

        Assert.True(result.IsError);
        Assert.Contains("'beta' is unavailable", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
        Assert.DoesNotContain(await client.ListToolsAsync(), tool => tool.Name.StartsWith("beta", StringComparison.Ordinal));
        var servers = await gateway.Http().GetFromJsonAsync<JsonElement>("/v1/mcp/servers");
        Assert.Equal("down", servers.GetProperty("servers").EnumerateArray().Single(server => server.GetProperty("name").GetString() == "beta").GetProperty("status").GetString());
    }
}
