using System.Net;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests;

/// <summary>Every connector tool, resource and prompt over MCP, against the seeded database.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ConnectorToolTests(PlatformFixture platform)
{
    [Fact]
    public async Task ListTools_EveryToolIsThereWithReadOnlyAnnotations()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var tools = await client.ListToolsAsync();

        string[] expected =
        [
            "list_schemas", "list_objects", "get_object_details", "execute_sql", "explain_query", "get_top_queries",
            "analyze_query_indexes", "analyze_workload_indexes", "analyze_db_health",
            "get_active_queries", "get_long_running_transactions", "get_locks",
        ];
        Assert.Equal(expected.Order(), tools.Select(tool => tool.Name).Order());
        Assert.All(tools, tool =>
        {
            Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint, tool.Name);
            Assert.False(tool.ProtocolTool.Annotations?.DestructiveHint, tool.Name);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
        });
    }

    [Fact]
    public async Task ListObjects_DemoSchema_ListsTablesWithEstimates()
    {
        var content = await CallAsync("list_objects", new() { ["schema"] = "demo", ["object_type"] = "table" });

        var objects = content.GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(["customers", "orders", "products"], objects.Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(6, objects.Single(o => o.GetProperty("name").GetString() == "orders").GetProperty("row_estimate").GetInt64());
    }

    [Fact]
    public async Task ListObjects_Extensions_ShowsHypopgAndPgStatStatements()
    {
        var content = await CallAsync("list_objects", new() { ["schema"] = "", ["object_type"] = "extension" });

        var names = content.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();
        Assert.Contains("pg_stat_statements", names);
        Assert.Contains("hypopg", names);
    }

    [Fact]
    public async Task GetObjectDetails_Orders_HasColumnsConstraintsAndIndexes()
    {
        var content = await CallAsync("get_object_details", new() { ["schema"] = "demo", ["name"] = "orders" });

        var columns = content.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal("customer_id", columns[1].GetProperty("name").GetString());
        Assert.Equal("integer", columns[1].GetProperty("type").GetString());
        Assert.False(columns[1].GetProperty("nullable").GetBoolean());
        Assert.Contains(content.GetProperty("constraints").EnumerateArray(), c => c.GetProperty("type").GetString() == "foreign key");
        Assert.Contains(content.GetProperty("indexes").EnumerateArray(), i => i.GetProperty("name").GetString() == "orders_customer_id_idx");
        Assert.True(content.GetProperty("summary").GetProperty("total_bytes").GetInt64() > 0);
    }

    [Fact]
    public async Task GetObjectDetails_UnknownTable_IsToolErrorWithSqlState()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("get_object_details", new Dictionary<string, object?> { ["schema"] = "demo", ["name"] = "nope" });

        Assert.True(result.IsError);
        Assert.Contains("42P01", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task ExplainQuery_WithHypotheticalIndex_PlansAnIndexScan()
    {
        var plain = await CallAsync("explain_query", new() { ["sql"] = "SELECT * FROM perf.events WHERE account = 42" });
        var hypothetical = await CallAsync("explain_query", new()
        {
            ["sql"] = "SELECT * FROM perf.events WHERE account = 42",
            ["hypothetical_indexes"] = new[] { new { table = "perf.events", columns = new[] { "account" } } },
        });

        Assert.Contains("Seq Scan", plain.GetProperty("summary").GetString());
        Assert.Contains("btree_perf_events_account", hypothetical.GetProperty("summary").GetString());
        Assert.True(hypothetical.GetProperty("totalCost").GetDouble() < plain.GetProperty("totalCost").GetDouble());
    }

    [Fact]
    public async Task ExplainQuery_Analyze_ReportsActualTimes()
    {
        var content = await CallAsync("explain_query", new() { ["sql"] = "SELECT count(*) FROM demo.orders", ["analyze"] = true });

        Assert.True(content.GetProperty("analyzed").GetBoolean());
        Assert.Contains("Execution time", content.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task ExplainQuery_AnalyzeOfAWrite_IsRefusedAndDataUnchanged()
    {
        var probe = await platform.SuperuserConnectionStringAsync();
        var before = await DatabaseProbe.FingerprintAsync(probe);
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("explain_query", new Dictionary<string, object?> { ["sql"] = "DELETE FROM demo.orders", ["analyze"] = true });

        Assert.True(result.IsError);
        Assert.Equal(before, await DatabaseProbe.FingerprintAsync(probe));
    }

    [Fact]
    public async Task GetTopQueries_AfterSomeQueries_ListsThem()
    {
        await CallAsync("execute_sql", new() { ["sql"] = "SELECT count(*) FROM demo.customers WHERE city = 'Boston'" });

        var content = await CallAsync("get_top_queries", new() { ["sort_by"] = "resources", ["limit"] = 50 });

        Assert.Equal("resources", content.GetProperty("sortBy").GetString());
        Assert.NotEmpty(content.GetProperty("queries").EnumerateArray());
    }

    [Fact]
    public async Task AnalyzeQueryIndexes_FilterOnUnindexedColumn_RecommendsAnIndex()
    {
        var content = await CallAsync("analyze_query_indexes", new()
        {
            ["queries"] = new[] { "SELECT * FROM perf.events WHERE account = 7 ORDER BY created_at", "SELECT count(*) FROM perf.events WHERE kind = $1" },
        });

        var recommendations = content.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.Contains(recommendations, r => r.GetProperty("createIndex").GetString()!.Contains("\"account\"", StringComparison.Ordinal));
        Assert.True(content.GetProperty("costAfter").GetDouble() < content.GetProperty("costBefore").GetDouble());
        Assert.All(content.GetProperty("queries").EnumerateArray(), q => Assert.True(q.GetProperty("costAfter").GetDouble() <= q.GetProperty("costBefore").GetDouble()));
    }

    [Fact]
    public async Task AnalyzeQueryIndexes_AWriteAmongTheQueries_IsNotAnalyzedNorRun()
    {
        var probe = await platform.SuperuserConnectionStringAsync();
        var before = await DatabaseProbe.FingerprintAsync(probe);

        var content = await CallAsync("analyze_query_indexes", new() { ["queries"] = new[] { "DELETE FROM demo.orders", "SELECT * FROM perf.events WHERE account = 1" } });

        Assert.Contains("Not analyzed", content.GetProperty("queries")[0].GetProperty("error").GetString());
        Assert.Equal(before, await DatabaseProbe.FingerprintAsync(probe));
    }

    [Fact]
    public async Task AnalyzeWorkloadIndexes_UsesPgStatStatements()
    {
        // Often enough to rank among the 10 heaviest statements whatever else the shared database ran (other tests,
        // every connector process's catalog reads).
        for (var i = 0; i < 8; i++)
        {
            await CallAsync("execute_sql", new() { ["sql"] = "SELECT * FROM perf.events WHERE account = 3" });
        }

        var content = await CallAsync("analyze_workload_indexes", new() { ["max_index_size_mb"] = 100 });

        Assert.Contains(content.GetProperty("queries").EnumerateArray(), q => q.GetProperty("query").GetString()!.Contains("perf.events", StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(content.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task AnalyzeDbHealth_All_RunsEveryCheck()
    {
        var content = await CallAsync("analyze_db_health", new() { ["checks"] = "all" });

        var checks = content.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(
            ["buffer", "connection", "constraint", "index", "replication", "sequence", "vacuum"],
            checks.Select(c => c.GetProperty("check").GetString()).Order());
        Assert.All(checks, c => Assert.NotEqual("error", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AnalyzeDbHealth_UnknownCheck_IsToolError()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("analyze_db_health", new Dictionary<string, object?> { ["checks"] = "index,bogus" });

        Assert.True(result.IsError);
        Assert.Contains("bogus", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Theory]
    [InlineData("get_active_queries")]
    [InlineData("get_long_running_transactions")]
    [InlineData("get_locks")]
    public async Task OperationsViews_Run(string tool)
    {
        var content = await CallAsync(tool, new() { });

        Assert.Equal("maindb", content.GetProperty("database").GetString());
        Assert.Equal(JsonValueKind.Array, content.GetProperty("rows").ValueKind);
    }

    [Fact]
    public async Task UnknownDatabase_IsToolErrorListingTheConfiguredOnes()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("list_schemas", new Dictionary<string, object?> { ["database"] = "other" });

        Assert.True(result.IsError);
        Assert.Contains("maindb", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task Resources_EachTableIsListedAndReadable()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var resources = await client.ListResourcesAsync();
        var templates = await client.ListResourceTemplatesAsync();
        var read = await client.ReadResourceAsync("postgres://maindb/demo/orders");

        Assert.Contains(resources, r => r.Uri == "postgres://maindb/demo/customers");
        Assert.Contains(templates, t => t.UriTemplate == "postgres://{database}/{schema}/{table}");
        using var schema = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text);
        Assert.Equal("orders", schema.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Prompts_AreListedAndRender()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var prompts = await client.ListPromptsAsync();
        var explore = await client.GetPromptAsync("explore_schema", new Dictionary<string, object?> { ["schema"] = "demo" });

        Assert.Equal(["explore_schema", "health_review", "tune_slow_query"], prompts.Select(p => p.Name).Order());
        Assert.Contains("\"demo\"", Assert.IsType<TextContentBlock>(explore.Messages[0].Content).Text);
    }

    [Fact]
    public async Task LegacySse_ClientListsAndCallsTools()
    {
        await using var client = await platform.ConnectToConnectorAsync(HttpTransportMode.Sse);

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT count(*) AS n FROM demo.customers" });

        Assert.Equal(5, result.StructuredContent!.Value.GetProperty("rows")[0].GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task Stdio_SpawnedConnector_ListsAndCallsTools()
    {
        await using var client = await StartStdioConnectorAsync(new() { ["ConnectionStrings__maindb"] = await platform.App.GetConnectionStringAsync("maindb") });

        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT name FROM demo.customers ORDER BY id LIMIT 1" });

        Assert.Contains(tools, tool => tool.Name == "execute_sql");
        Assert.Equal("Ada Lovelace", result.StructuredContent!.Value.GetProperty("rows")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task SeveralDatabases_DatabaseArgumentPicksOne()
    {
        var connectionString = await platform.App.GetConnectionStringAsync("maindb");
        await using var client = await StartStdioConnectorAsync(new()
        {
            ["ConnectionStrings__maindb"] = connectionString,
            ["ConnectionStrings__reporting"] = connectionString + ";Application Name=reporting",
            ["Postgres__Databases__maindb__AccessMode"] = "Restricted",
            ["Postgres__Databases__reporting__AccessMode"] = "Restricted",
        });

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?>
        {
            ["sql"] = "SELECT current_setting('application_name') AS app",
            ["database"] = "reporting",
        });
        var schemas = await client.CallToolAsync("list_schemas", new Dictionary<string, object?> { ["database"] = "reporting" });

        Assert.Equal("reporting", result.StructuredContent!.Value.GetProperty("rows")[0].GetProperty("app").GetString());
        Assert.Equal("reporting", schemas.StructuredContent!.Value.GetProperty("database").GetString());
    }

    [Fact]
    public async Task UnrestrictedDatabase_WriteIsCommittedButStillOneStatementPerCall()
    {
        var superuser = await platform.SuperuserConnectionStringAsync();
        await using var client = await StartStdioConnectorAsync(new()
        {
            ["ConnectionStrings__maindb"] = superuser,
            ["Postgres__Databases__maindb__AccessMode"] = "Unrestricted",
        });

        var insert = await client.CallToolAsync("execute_sql", new Dictionary<string, object?>
        {
            ["sql"] = "INSERT INTO perf.events (kind, account, created_at) VALUES (-7, -7, now()) RETURNING kind",
        });
        var twoStatements = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT 1; DELETE FROM perf.events" });

        Assert.Equal(-7, insert.StructuredContent!.Value.GetProperty("rows")[0].GetProperty("kind").GetInt32());
        Assert.True(twoStatements.IsError);
        Assert.Contains("42601", Assert.IsType<TextContentBlock>(twoStatements.Content[0]).Text);
        await using var probe = new Npgsql.NpgsqlConnection(superuser);
        await probe.OpenAsync();
        Assert.Equal(1L, await new Npgsql.NpgsqlCommand("SELECT count(*) FROM perf.events WHERE kind = -7", probe).ExecuteScalarAsync());
        Assert.Equal(30001L, await new Npgsql.NpgsqlCommand("SELECT count(*) FROM perf.events", probe).ExecuteScalarAsync());
    }

    [Fact]
    public async Task DatabaseWithoutExtensions_ToolsSayWhatToInstall()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(await platform.App.GetConnectionStringAsync("maindb")) { Database = "postgres" };
        await using var client = await StartStdioConnectorAsync(new() { ["ConnectionStrings__maindb"] = builder.ConnectionString });

        var top = await client.CallToolAsync("get_top_queries");
        var hypothetical = await client.CallToolAsync("explain_query", new Dictionary<string, object?>
        {
            ["sql"] = "SELECT 1",
            ["hypothetical_indexes"] = new[] { new { table = "pg_catalog.pg_class", columns = new[] { "relname" } } },
        });

        Assert.True(top.IsError);
        Assert.Contains("CREATE EXTENSION pg_stat_statements", Assert.IsType<TextContentBlock>(top.Content[0]).Text);
        Assert.True(hypothetical.IsError);
        Assert.Contains("CREATE EXTENSION hypopg", Assert.IsType<TextContentBlock>(hypothetical.Content[0]).Text);
    }

    [Fact]
    public async Task Health_ChecksTheDatabase()
    {
        using var http = platform.App.CreateHttpClient("mcp-postgres");

        using var response = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RestrictedDatabaseReachedAsSuperuser_IsRefusedAndReportedCritical()
    {
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var client = await StartStdioConnectorAsync(
            new() { ["ConnectionStrings__maindb"] = await platform.SuperuserConnectionStringAsync() },
            stderr.Enqueue);

        var sql = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT 1" });
        var schemas = await client.CallToolAsync("list_schemas");
        await WaitForLineAsync(stderr, "SECURITY: restricted database maindb");

        Assert.True(sql.IsError);
        Assert.True(schemas.IsError);
        Assert.Contains("AllowPrivilegedRole", Assert.IsType<TextContentBlock>(sql.Content[0]).Text);
        Assert.Contains("is a superuser", Assert.IsType<TextContentBlock>(schemas.Content[0]).Text);
    }

    [Fact]
    public async Task RestrictedDatabaseReachedAsSuperuser_WithAllowPrivilegedRole_IsServedAndStillReported()
    {
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var client = await StartStdioConnectorAsync(
            new()
            {
                ["ConnectionStrings__maindb"] = await platform.SuperuserConnectionStringAsync(),
                ["Postgres__Databases__maindb__AllowPrivilegedRole"] = "true",
            },
            stderr.Enqueue);

        var sql = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT 1 AS one" });
        await WaitForLineAsync(stderr, "served because AllowPrivilegedRole is set");

        Assert.True(sql.IsError != true);
    }

    private static async Task WaitForLineAsync(System.Collections.Concurrent.ConcurrentQueue<string> lines, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!lines.Any(line => line.Contains(text, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains(lines, line => line.Contains(text, StringComparison.Ordinal));
    }

    private static async Task<McpClient> StartStdioConnectorAsync(Dictionary<string, string?> environment, Action<string>? stderr = null)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "McpPlatform.Connectors.Postgres", "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.Connectors.Postgres.dll");
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [dll, "--stdio"],
            EnvironmentVariables = environment,
            Name = "postgres-stdio",
            StandardErrorLines = stderr,
        });
        return await McpClient.CreateAsync(transport);
    }

    [Theory]
    [InlineData("Host", "evil.example.com", HttpStatusCode.BadRequest)]
    [InlineData("Origin", "http://evil.example.com", HttpStatusCode.Forbidden)]
    public async Task DnsRebinding_ForeignHostOrOrigin_IsRefused(string header, string value, HttpStatusCode expected)
    {
        using var http = platform.App.CreateHttpClient("mcp-postgres");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"evil","version":"1"}}}""",
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    private async Task<JsonElement> CallAsync(string tool, Dictionary<string, object?> arguments)
    {
        await using var client = await platform.ConnectToConnectorAsync();
        var result = await client.CallToolAsync(tool, arguments);
        Assert.True(result.IsError != true, (result.Content.FirstOrDefault() as TextContentBlock)?.Text);
        return result.StructuredContent!.Value.Clone();
    }
}
