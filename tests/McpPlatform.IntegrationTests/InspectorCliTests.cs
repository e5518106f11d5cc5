using System.Text.Json;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The MCP Inspector CLI (a real third-party client, Node) through the gateway with a key. It validates
/// structured content against each tool's output schema, which is how a schema/result mismatch was found.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class InspectorCliTests(PlatformFixture platform)
{
    private static readonly string[] ListTools = ["/mcp", "--method", "tools/list"];

    private static RunBatch<JsonElement>? runs;

    /// <summary>The tool calls of <see cref="Inspector_CallsToolsAndAcceptsTheirStructuredContent"/>: a tool and its argument, if any.</summary>
    public static TheoryData<string, string?> ToolCalls => new()
    {
        { "execute_sql", "sql=SELECT name FROM demo.customers ORDER BY id LIMIT 2" },
        { "list_schemas", null },
        { "list_objects", "schema=demo" },
        { "explain_query", "sql=SELECT * FROM demo.orders" },
        { "analyze_db_health", "checks=index,connection" },
        { "get_locks", null },
    };

    [Fact]
    public async Task Inspector_ListsToolsThroughGatewayWithKey()
    {
        var output = await InspectAsync(ListTools);

        var names = output.GetProperty("tools").EnumerateArray().Select(tool => tool.GetProperty("name").GetString()).ToList();
        Assert.Contains("postgres_main-execute_sql", names);
    }

    [Theory]
    [MemberData(nameof(ToolCalls))]
    public async Task Inspector_CallsToolsAndAcceptsTheirStructuredContent(string tool, string? argument)
    {
        var output = await InspectAsync(CallTool(tool, argument));

        Assert.False(output.TryGetProperty("error", out var error), error.ToString());
        Assert.True(output.TryGetProperty("structuredContent", out _));
    }

    private static string[] CallTool(string tool, string? argument) => argument is null
        ? ["/mcp/db", "--method", "tools/call", "--tool-name", tool]
        : ["/mcp/db", "--method", "tools/call", "--tool-name", tool, "--tool-arg", argument];

    /// <summary>The Inspector's answer for <c>[path, ..arguments]</c>; the class's runs all start with the first (<see cref="RunBatch{TResult}"/>).</summary>
    private Task<JsonElement> InspectAsync(string[] pathAndArguments)
    {
        var batch = LazyInitializer.EnsureInitialized(ref runs, () => new RunBatch<JsonElement>(
            run => RunInspectorAsync(platform, run[0], run[1..]),
            [ListTools, .. ToolCalls.Select(call => CallTool((string)call[0], (string?)call[1]))]));
        return batch.GetAsync(pathAndArguments);
    }

    private static async Task<JsonElement> RunInspectorAsync(PlatformFixture platform, string path, string[] arguments)
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
