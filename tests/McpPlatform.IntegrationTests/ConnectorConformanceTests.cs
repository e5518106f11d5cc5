using Xunit.Abstractions;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The MCP conformance suite's protocol-level scenarios against the Postgres connector. The suite's client sends no
/// custom headers, so it cannot present the connector's secret: it runs against a second connector on the same
/// database in Development without a secret, the one configuration that serves MCP without it (same code; the
/// secret is tested in <see cref="ConnectorAccessTests"/>).
/// </summary>
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
        // The suite's DNS-rebinding scenario needs a localhost URL, which the open connector's is.
        var connector = await platform.GetOpenConnectorAsync();
        Assert.Equal("localhost", connector.McpUrl.Host);

        var (exitCode, summary, log) = await ConformanceSuite.RunAsync(connector.McpUrl, scenario);

        output.WriteLine($"conformance {scenario} against mcp-postgres: {summary}");
        await ConformanceSuite.RecordAsync($"conformance {scenario}, Postgres connector: {summary}");
        Assert.True(exitCode == 0, log);
        Assert.Matches(@"Passed: [1-9]\d*/\d+, 0 failed", summary);
    }
}
