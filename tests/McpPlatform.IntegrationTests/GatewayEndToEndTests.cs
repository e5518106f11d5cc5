using System.Net;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Npgsql;

namespace McpPlatform.IntegrationTests;

/// <summary>The thin real path: MCP client → gateway → Postgres connector → embedded PostgreSQL.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayEndToEndTests(PlatformFixture platform)
{
    private const string ExecuteSql = "postgres_main-execute_sql";

    [Fact]
    public async Task ListTools_ThroughGateway_ShowsPostgresToolsNamespaced()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var tools = await client.ListToolsAsync();

        var names = tools.Select(tool => tool.Name).ToList();
        Assert.Contains(ExecuteSql, names);
        Assert.Contains("postgres_main-list_schemas", names);
        Assert.True(tools.Single(tool => tool.Name == ExecuteSql).ProtocolTool.Annotations?.ReadOnlyHint);
    }

    [Fact]
    public async Task ExecuteSql_OnSeededTable_ReturnsTheRowsAsJson()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var result = await client.CallToolAsync(ExecuteSql, new Dictionary<string, object?>
        {
            ["sql"] = "SELECT id, name, city FROM demo.customers ORDER BY id",
        });

        Assert.NotEqual(true, result.IsError);
        var structured = result.StructuredContent!.Value;
        var rows = structured.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(1, rows[0].GetProperty("id").GetInt32());
        Assert.Equal("Ada Lovelace", rows[0].GetProperty("name").GetString());
        Assert.Equal("Boston", rows[4].GetProperty("city").GetString());
        Assert.False(structured.GetProperty("truncated").GetBoolean());
        Assert.Equal(
            ["integer", "text", "text"],
            structured.GetProperty("columns").EnumerateArray().Select(column => column.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("DELETE FROM demo.orders")]
    [InlineData("UPDATE demo.orders SET quantity = 99")]
    [InlineData("SELECT 1; DELETE FROM demo.orders")]
    [InlineData("COMMIT; DELETE FROM demo.orders")]
    [InlineData("COMMIT; DROP SCHEMA demo CASCADE;")]
    [InlineData("DROP TABLE demo.orders")]
    [InlineData("SELECT pg_read_file('/etc/passwd')")]
    public async Task ExecuteSql_Write_IsRefusedAndDataIsUnchanged(string attack)
    {
        await using var client = await platform.ConnectToGatewayAsync();
        var before = await OrdersFingerprintAsync();

        var result = await client.CallToolAsync(ExecuteSql, new Dictionary<string, object?> { ["sql"] = attack });

        Assert.True(result.IsError);
        var message = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(message.Contains("Refused", StringComparison.Ordinal) || message.Contains("PostgreSQL error", StringComparison.Ordinal), message);
        Assert.Equal(before, await OrdersFingerprintAsync());
    }

    [Fact]
    public async Task ListSchemas_ThroughGateway_ShowsDemoAsUserSchema()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var result = await client.CallToolAsync("postgres_main-list_schemas");

        var schemas = result.StructuredContent!.Value.GetProperty("schemas").EnumerateArray().ToList();
        var demo = schemas.Single(schema => schema.GetProperty("name").GetString() == "demo");
        Assert.Equal("user", demo.GetProperty("kind").GetString());
        Assert.Contains(schemas, schema => schema.GetProperty("name").GetString() == "pg_catalog" && schema.GetProperty("kind").GetString() == "system");
    }

    [Theory]
    [InlineData(null, "missing_api_key")]
    [InlineData("not-a-configured-key-123456", "invalid_api_key")]
    public async Task Mcp_WithoutValidKey_Gets401WithJsonError(string? apiKey, string code)
    {
        using var http = platform.CreateGatewayHttpClient(apiKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""",
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Models_WithKey_ListsModelsWithTheToolsTheKeyMayUse()
    {
        using var http = platform.CreateGatewayHttpClient();

        using var response = await http.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("list", body.RootElement.GetProperty("object").GetString());
        var model = Assert.Single(body.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("mcp-gateway", model.GetProperty("id").GetString());
        var toolNames = model.GetProperty("tools").EnumerateArray()
            .Select(tool => tool.GetProperty("function").GetProperty("name").GetString())
            .ToList();
        Assert.Contains(ExecuteSql, toolNames);
    }

    [Fact]
    public async Task Models_WithoutKey_Gets401()
    {
        using var http = platform.CreateGatewayHttpClient(apiKey: null);

        using var response = await http.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Host", "evil.example.com", HttpStatusCode.BadRequest)]
    [InlineData("Origin", "http://evil.example.com", HttpStatusCode.Forbidden)]
    public async Task DnsRebinding_ForeignHostOrOrigin_IsRefusedEvenWithAValidKey(string header, string value, HttpStatusCode expected)
    {
        using var http = platform.CreateGatewayHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>Every row of demo.orders, read directly from PostgreSQL (not through the code under test).</summary>
    private async Task<string> OrdersFingerprintAsync()
    {
        var connectionString = await platform.App.GetConnectionStringAsync("maindb");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) || ':' || coalesce(string_agg(id || '/' || quantity, ',' ORDER BY id), '') FROM demo.orders",
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
