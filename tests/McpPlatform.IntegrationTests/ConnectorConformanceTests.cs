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
    private static readonly string[] ScenarioNames =
        ["server-initialize", "ping", "tools-list", "logging-set-level", "completion-complete", "resources-list", "prompts-list", "dns-rebinding-protection"];

    private static RunBatch<(int ExitCode, string Summary, string Output)>? runs;

    public static TheoryData<string> Scenarios => new(ScenarioNames);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Conformance_ProtocolScenario_Passes(string scenario)
    {
        // The suite's DNS-rebinding scenario needs a localhost URL, which the open connector's is.
        var connector = await platform.GetOpenConnectorAsync();
        Assert.Equal("localhost", connector.McpUrl.Host);

        // Every scenario's run starts with the first test's (each a Node start of seconds); each test checks its own.
        var batch = LazyInitializer.EnsureInitialized(ref runs, () => new RunBatch<(int ExitCode, string Summary, string Output)>(
            run => ConformanceSuite.RunAsync(connector.McpUrl, run[0]), ScenarioNames.Select(name => new[] { name })));
        var (exitCode, summary, log) = await batch.GetAsync(scenario);

        output.WriteLine($"conformance {scenario} against mcp-postgres: {summary}");
        await ConformanceSuite.RecordAsync($"conformance {scenario}, Postgres connector: {summary}");
        Assert.True(exitCode == 0, log);
        Assert.Matches(@"Passed: [1-9]\d*/\d+, 0 failed", summary);
    }
}
