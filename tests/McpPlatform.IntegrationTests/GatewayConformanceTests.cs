using Xunit.Abstractions;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The proof of passthrough: the real MCP conformance suite, every scenario (active and pending), against the conformance
/// fixture directly and through the gateway's per-server route.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayConformanceTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task ConformanceSuite_ThroughPerServerRoute_PassesEveryScenarioThatPassesDirectly()
    {
        var gateway = platform.App.GetEndpoint("gateway", "http");
        Assert.Equal("localhost", gateway.Host); // the DNS-rebinding scenario needs a localhost URL

        var direct = await ConformanceSuite.RunSuiteAsync(platform.Conformance.McpUrl);
        var through = await ConformanceSuite.RunSuiteAsync(new Uri(gateway, "/mcp/conformance"));

        var lines = new[]
        {
            $"conformance suite, fixture directly: {direct.Summary}",
            $"conformance suite, through the gateway (/mcp/conformance): {through.Summary}",
        };
        foreach (var line in lines)
        {
            output.WriteLine(line);
            await ConformanceSuite.RecordAsync(line);
        }

        Assert.True(direct.Scenarios.Count >= 30, direct.Output);
        Assert.All(direct.Scenarios, scenario => Assert.True(scenario.Value.Count == 0, $"directly, {scenario.Key} failed: {string.Join("; ", scenario.Value)}"));
        Assert.All(direct.Passed, scenario => Assert.True(
            through.Scenarios.TryGetValue(scenario, out var failures) && failures.Count == 0,
            $"{scenario} passes directly but not through the gateway: {string.Join("; ", failures ?? ["not run"])}"));
    }
}
