using System.Text.Json;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The MCP Inspector CLI (a real third-party client, Node) through the gateway with a key. It validates
/// structured content against each tool's output schema, which is how a schema/result mismatch was found.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class InspectorCliTests(PlatformFixture platform)
{
    [Fact]
    public async Task Inspector_ListsToolsThroughGatewayWithKey()
    {
        var output = await InspectAsync("/mcp", "--method", "tools/list");

        var names = output.GetProperty("tools").EnumerateArray().Select(tool => tool.GetProperty("name").GetString()).ToList();
        Assert.Contains("postgres_main-execute_sql", names);
    }

    [Theory]
    [InlineData("execute_sql", "sql=SELECT name FROM demo.customers ORDER BY id LIMIT 2")]
    [InlineData("list_schemas", null)]
    [InlineData("list_objects", "schema=demo")]
    [InlineData("explain_query", "sql=SELECT * FROM demo.orders")]
    [InlineData("analyze_db_health", "checks=index,connection")]
    [InlineData("get_locks", null)]
    public async Task Inspector_CallsToolsAndAcceptsTheirStructuredContent(string tool, string? argument)
    {
        string[] arguments = argument is null
            ? ["--method", "tools/call", "--tool-name", tool]
            : ["--method", "tools/call", "--tool-name", tool, "--tool-arg", argument];

        var output = await InspectAsync("/mcp/db", arguments);

        Assert.False(output.TryGetProperty("error", out var error), error.ToString());
        Assert.True(output.TryGetProperty("structuredContent", out _));
    }

    private async Task<JsonElement> InspectAsync(string path, params string[] arguments)
    {
        var url = new Uri(platform.App.GetEndpoint("gateway", "http"), path);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = ConformanceSuite.ToolsDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        var (exitCode, output) = await ProcessRunner.RunAsync(
            Path.Combine(ConformanceSuite.ToolsDirectory, "mcp-inspector"),
            ["--cli", url.ToString(), "--transport", "http", "--header", $"Authorization: Bearer {PlatformFixture.ApiKey}", .. arguments],
            Path.GetTempPath(),
            environment);
        Assert.True(exitCode == 0, output);
        // The first JSON value is the answer; the CLI may log to stderr after it.
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output[output.IndexOf('{', StringComparison.Ordinal)..]));
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.Clone();
    }
}
