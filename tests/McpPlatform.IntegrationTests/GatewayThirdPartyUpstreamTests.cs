using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests;

/// <summary>The reference server-everything (Node, stdio, started and supervised by the gateway) behind the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayThirdPartyUpstreamTests(PlatformFixture platform)
{
    [Fact]
    public async Task ServerEverything_OverStdio_ToolsAreListedAndCallable()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var names = (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();
        var echo = await client.CallToolAsync("everything-echo", new Dictionary<string, object?> { ["message"] = "through the gateway" });
        var sum = await client.CallToolAsync("everything-get-sum", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 });

        Assert.Contains("everything-echo", names);
        Assert.Contains("through the gateway", Assert.IsType<TextContentBlock>(echo.Content[0]).Text);
        Assert.Contains("42", string.Concat(sum.Content.OfType<TextContentBlock>().Select(block => block.Text)));
    }

    [Fact]
    public async Task ServerEverything_ImageContent_PassesThroughUnchanged()
    {
        await using var client = await platform.ConnectToGatewayAsync("/mcp/everything");

        var result = await client.CallToolAsync("get-tiny-image");

        var image = Assert.Single(result.Content.OfType<ImageContentBlock>());
        Assert.Equal("image/png", image.MimeType);
        Assert.False(image.Data.IsEmpty);
    }
}
