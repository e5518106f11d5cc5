using Xunit.Abstractions;

namespace McpPlatform.IntegrationTests;

/// <summary>The MCP conformance suite's protocol-level scenarios against the running Postgres connector.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ConnectorConformanceTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Theory]
    [InlineData("server-initialize")]
    [InlineData("ping")]
    [InlineData("tools-list")]
    [InlineData("logging-set-level")]
    [InlineData("completion-complete")]
    [InlineData("resources-list")]
    [InlineData("prompts-list")]
    [InlineData("dns-rebinding-protection")]
    public async Task Conformance_ProtocolScenario_Passes(string scenario)
    {
        // The suite's DNS-rebinding scenario needs a localhost URL, which Aspire's endpoint is.
        var endpoint = platform.App.GetEndpoint("mcp-postgres", "http");
        Assert.Equal("localhost", endpoint.Host);

        var (exitCode, summary, log) = await ConformanceSuite.RunAsync(new Uri(endpoint, "/mcp"), scenario);

        output.WriteLine($"conformance {scenario} against mcp-postgres: {summary}");
        await ConformanceSuite.RecordAsync($"conformance {scenario}, Postgres connector: {summary}");
        Assert.True(exitCode == 0, log);
        Assert.Matches(@"Passed: [1-9]\d*/\d+, 0 failed", summary);
    }
}
