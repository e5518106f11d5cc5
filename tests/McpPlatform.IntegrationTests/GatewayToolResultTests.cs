using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Tool results and errors reach the client through the gateway exactly as the upstream gave them (the gateway
/// forwards a session's tool-call results without decoding them): every value, every escape, the error flag.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayToolResultTests(PlatformFixture platform)
{
    private const string TrickyRows = """
        SELECT i,
               9223372036854775807::bigint AS big,
               1e40::numeric + 0.5 AS huge,
               'quote " backslash \ tab	unicode ✓ 😀 </script>' AS text,
               NULL AS nothing,
               '{"a": [1, 2.50, null], "b": "x"}'::jsonb AS doc,
               ARRAY[1, 2, 3] AS list
        FROM generate_series(1, 40) AS i
        """;

    public static TheoryData<string, string, HttpTransportMode> Routes() => new()
    {
        { "/mcp", "postgres_main-execute_sql", HttpTransportMode.StreamableHttp },
        { "/mcp/postgres_main", "execute_sql", HttpTransportMode.StreamableHttp },
        { "/mcp/db/sse", "execute_sql", HttpTransportMode.Sse }, // legacy SSE session, under an alias
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ToolResult_ThroughTheGateway_IsTheUpstreamsResultUnchanged(string path, string tool, HttpTransportMode mode)
    {
        await using var direct = await platform.ConnectToConnectorAsync();
        await using var gateway = await platform.ConnectToGatewayAsync(path, mode: mode);
        var arguments = new Dictionary<string, object?> { ["sql"] = TrickyRows };

        var expected = await direct.CallToolAsync("execute_sql", arguments);
        var actual = await gateway.CallToolAsync(tool, arguments);

        Assert.NotEqual(true, expected.IsError);
        Assert.Equal(40, expected.StructuredContent!.Value.GetProperty("rowCount").GetInt32());
        Assert.Equal(Json(expected.StructuredContent), Json(actual.StructuredContent));
        Assert.Equal(Texts(expected), Texts(actual));
        Assert.Equal(expected.IsError, actual.IsError);
    }

    [Theory]
    [InlineData("DELETE FROM demo.orders")] // refused by the connector's guard: a tool error
    [InlineData("SELECT * FROM no_such_table")] // refused by PostgreSQL: a tool error with its SQLSTATE
    public async Task ToolError_ThroughTheGateway_IsTheUpstreamsErrorUnchanged(string sql)
    {
        await using var direct = await platform.ConnectToConnectorAsync();
        await using var gateway = await platform.ConnectToGatewayAsync("/mcp/postgres_main");
        var arguments = new Dictionary<string, object?> { ["sql"] = sql };

        var expected = await direct.CallToolAsync("execute_sql", arguments);
        var actual = await gateway.CallToolAsync("execute_sql", arguments);

        Assert.True(expected.IsError);
        Assert.True(actual.IsError);
        Assert.Equal(Texts(expected), Texts(actual));
    }

    [Fact]
    public async Task ProtocolError_FromTheUpstream_KeepsItsCodeAndMessage()
    {
        await using var direct = await platform.ConnectToConnectorAsync();
        await using var gateway = await platform.ConnectToGatewayAsync("/mcp/postgres_main");
        var request = new CallToolRequestParams { Name = "execute_sql", Arguments = new Dictionary<string, JsonElement>() }; // 'sql' is required

        var expected = await Outcome(direct, request);
        var actual = await Outcome(gateway, request);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task ToolWithoutArguments_OnAStdioNodeUpstream_Runs()
    {
        // A tool that takes no arguments, on a Node stdio upstream, through the session forwarding path.
        await using var gateway = await platform.ConnectToGatewayAsync("/mcp/everything");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var result = await gateway.CallToolAsync("get-tiny-image", cancellationToken: timeout.Token);

        Assert.NotEqual(true, result.IsError);
        Assert.Contains(result.Content, block => block is ImageContentBlock);
    }

    [Theory]
    [InlineData("""{"name":"execute_sql","arguments":"SELECT 1"}""", null)]
    [InlineData("""{"name":"execute_sql","arguments":["SELECT 1"]}""", null)]
    [InlineData("""{"arguments":{"sql":"SELECT 1"}}""", null)]
    [InlineData("""{"name":"execute_sql","arguments":"SELECT 1"}""", "2026-07-28")]
    [InlineData("""{"name":"execute_sql","arguments":{"sql":"SELECT 1"},"_meta":{"progressToken":{"nested":true}}}""", null)]
    public async Task MalformedToolCall_IsRefusedAsInvalidParams_NotForwarded(string parameters, string? protocolVersion)
    {
        await using var gateway = await platform.ConnectToGatewayAsync("/mcp/postgres_main", options: new McpClientOptions { ProtocolVersion = protocolVersion ?? "2025-11-25" });
        var request = new JsonRpcRequest
        {
            Method = RequestMethods.ToolsCall,
            Params = System.Text.Json.Nodes.JsonNode.Parse(parameters),
        };

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => gateway.SendRequestAsync(request));

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
    }

    private static async Task<string> Outcome(McpClient client, CallToolRequestParams request)
    {
        try
        {
            var result = await client.CallToolAsync(request);
            return $"result isError={result.IsError}: {string.Join("\n", Texts(result))}";
        }
        catch (McpProtocolException ex)
        {
            return $"error {ex.ErrorCode}: {ex.Message}";
        }
    }

    private static string Json(JsonElement? element) => element is { } value ? JsonSerializer.Serialize(value) : "null";

    private static List<string> Texts(CallToolResult result) =>
        [.. result.Content.Select(block => Assert.IsType<TextContentBlock>(block).Text)];
}
