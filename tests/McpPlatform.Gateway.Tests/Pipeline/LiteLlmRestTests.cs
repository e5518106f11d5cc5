using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static McpPlatform.Gateway.Tests.Pipeline.RestToolsTests;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>LiteLLM's MCP REST routes in LiteLLM's shapes, so that scripts written for LiteLLM keep working.</summary>
public sealed class LiteLlmRestTests
{
    [Fact]
    public async Task ToolsList_AnswersLiteLlmsShapeWithTheServerOfEachTool()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        using var response = await gateway.Http().GetAsync("/mcp-rest/tools/list");

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error").ValueKind);
        var echo = body.GetProperty("tools").EnumerateArray().Single(tool => tool.GetProperty("name").GetString() == "beta-echo");
        Assert.Equal("beta", echo.GetProperty("mcp_info").GetProperty("server_name").GetString());
        Assert.Equal("object", echo.GetProperty("inputSchema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ToolsList_ServerId_ListsThatServersOwnNames_UnknownOrHiddenServerAnswersLikeLiteLlm()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        using var own = await gateway.Http().GetAsync("/mcp-rest/tools/list?server_id=beta");
        using var hidden = await gateway.Http(GatewayHost.NarrowKey).GetAsync("/mcp-rest/tools/list?server_id=beta");

        var names = (await JsonAsync(own, HttpStatusCode.OK)).GetProperty("tools").EnumerateArray().Select(tool => tool.GetProperty("name").GetString()!).Order().ToList();
        Assert.Equal(["echo", "whoami"], names);
        var refused = await JsonAsync(hidden, HttpStatusCode.OK);
        Assert.Equal("server_not_found", refused.GetProperty("error").GetString());
        Assert.Empty(refused.GetProperty("tools").EnumerateArray());
    }

    [Theory]
    [InlineData(null, "beta-whoami")] // a name from the global list
    [InlineData("beta", "whoami")] // the server's own name with server_id
    [InlineData("beta", "beta-whoami")] // LiteLLM's docs send both
    public async Task ToolsCall_NameWithOrWithoutServerId_RunsTheTool(string? serverId, string name)
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        using var response = await gateway.Http().PostAsJsonAsync("/mcp-rest/tools/call", new { server_id = serverId, name, arguments = new { } });

        Assert.Equal("beta", (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ToolsCall_HiddenServer_404()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        using var response = await gateway.Http(GatewayHost.NarrowKey).PostAsJsonAsync("/mcp-rest/tools/call", new { server_id = "beta", name = "whoami" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
