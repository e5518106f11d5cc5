using System.Text.Json;
using ModelContextProtocol.Protocol;
using Npgsql;
using static McpPlatform.IntegrationTests.ScopedDatabase;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// <c>Postgres:Databases:maindb:Schemas</c> = shop, over MCP against a real database that also has the schema vault_x9:
/// every tool, resource, prompt and completion names nothing of vault_x9, and asking about one of its objects gets the
/// answer a missing object gets, word for word.
/// </summary>
[Collection(ScopedDatabase.Collection)]
public sealed class SchemaScopingTests(ScopedDatabase scoped)
{
    private const string GhostSchema = "ghost_s";
    private const string GhostName = "ghost_t";

    /// <summary>The tools the tests below check for leaks; a new tool fails <see cref="ListTools_EveryToolIsCheckedForLeaks"/>.</summary>
    private static readonly string[] CheckedTools =
    [
        "list_schemas", "list_objects", "get_object_details", "execute_sql", "explain_query", "get_top_queries",
        "analyze_query_indexes", "analyze_workload_indexes", "analyze_db_health", "get_active_queries",
        "get_long_running_transactions", "get_locks",
    ];

    [Fact]
    public async Task ListTools_EveryToolIsCheckedForLeaks()
    {
        var tools = await scoped.Client.ListToolsAsync();

        Assert.Equal(CheckedTools.Order(), tools.Select(tool => tool.Name).Order());
    }

    [Fact]
    public async Task ListSchemas_ShowsOnlyTheAllowedSchema()
    {
        var content = await CallAsync("list_schemas", new());

        Assert.Equal([Allowed], content.GetProperty("schemas").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ListObjects_AllowedSchemaAndExtensions_NameNothingOutside()
    {
        var tables = await CallAsync("list_objects", new() { ["schema"] = Allowed, ["object_type"] = "table" });
        var views = await CallAsync("list_objects", new() { ["schema"] = Allowed, ["object_type"] = "view" });
        var sequences = await CallAsync("list_objects", new() { ["schema"] = Allowed, ["object_type"] = "sequence" });
        var extensions = await CallAsync("list_objects", new() { ["schema"] = "", ["object_type"] = "extension" });

        Assert.Equal(["orders"], Names(tables, "objects"));
        Assert.Equal(["big_orders", "order_notes"], Names(views, "objects"));
        Assert.Equal(["order_seq"], Names(sequences, "objects"));
        Assert.DoesNotContain("pg_trgm", Names(extensions, "objects")); // installed in the outside schema
    }

    [Theory]
    [InlineData("table")]
    [InlineData("view")]
    [InlineData("sequence")]
    [InlineData("extension")]
    public async Task ListObjects_OutsideSchema_AnswersAsForAMissingOne(string objectType)
    {
        var outside = await RawCallAsync("list_objects", new() { ["schema"] = Outside, ["object_type"] = objectType });
        var missing = await RawCallAsync("list_objects", new() { ["schema"] = GhostSchema, ["object_type"] = objectType });

        Assert.Equal(missing, Normalize(outside, Outside));
    }

    [Theory]
    [InlineData("table", OutsideTable)]
    [InlineData("view", "hidden_view" + Marker)]
    [InlineData("table", "hidden_view" + Marker)]
    [InlineData("sequence", "hidden_seq" + Marker)]
    [InlineData("extension", "pg_trgm")]
    [InlineData("table", GhostName)]
    public async Task GetObjectDetails_OutsideObject_AnswersWordForWordAsAMissingOne(string objectType, string name)
    {
        var outside = await RawCallAsync("get_object_details", new() { ["schema"] = Outside, ["name"] = name, ["object_type"] = objectType });
        var missingSchema = await RawCallAsync("get_object_details", new() { ["schema"] = GhostSchema, ["name"] = GhostName, ["object_type"] = objectType });
        var missingInAllowed = await RawCallAsync("get_object_details", new() { ["schema"] = Allowed, ["name"] = GhostName, ["object_type"] = objectType });

        Assert.Contains("\"isError\":true", outside, StringComparison.Ordinal);
        Assert.Equal(missingSchema, Normalize(outside, Outside, name));
        Assert.Equal(missingSchema, Normalize(missingInAllowed, Allowed));
    }

    [Fact]
    public async Task GetObjectDetails_AllowedObjectsReferringOutside_LeaveTheReferencesOut()
    {
        var orders = await CallAsync("get_object_details", new() { ["schema"] = Allowed, ["name"] = "orders" });
        var notes = await CallAsync("get_object_details", new() { ["schema"] = Allowed, ["name"] = "order_notes", ["object_type"] = "view" });
        var bigOrders = await CallAsync("get_object_details", new() { ["schema"] = Allowed, ["name"] = "big_orders", ["object_type"] = "view" });

        var columns = orders.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        var constraints = orders.GetProperty("constraints").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        var indexes = orders.GetProperty("indexes").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal(JsonValueKind.Null, columns["kind"].GetProperty("type").ValueKind);
        Assert.Equal(JsonValueKind.Null, columns["n"].GetProperty("default").ValueKind);
        Assert.Equal("integer", columns["amount"].GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, constraints["orders_ledger_id_fkey"].GetProperty("definition").ValueKind);
        Assert.StartsWith("CHECK", constraints["orders_amount_check"].GetProperty("definition").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, indexes["orders_fn_idx"].GetProperty("definition").ValueKind);
        Assert.Contains("(amount)", indexes["orders_amount_idx"].GetProperty("definition").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, notes.GetProperty("definition").ValueKind);
        Assert.Contains("amount > 5", bigOrders.GetProperty("definition").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_ListAndRead_NameNothingOutside_AndAnOutsideTableReadsAsAMissingOne()
    {
        var resources = await scoped.Client.ListResourcesAsync();
        var orders = await scoped.Client.ReadResourceAsync($"postgres://maindb/{Allowed}/orders");
        var outside = await Assert.ThrowsAnyAsync<Exception>(async () => await scoped.Client.ReadResourceAsync($"postgres://maindb/{Outside}/{OutsideTable}"));
        var missing = await Assert.ThrowsAnyAsync<Exception>(async () => await scoped.Client.ReadResourceAsync($"postgres://maindb/{GhostSchema}/{GhostName}"));

        Assert.Contains(resources, r => r.Uri == $"postgres://maindb/{Allowed}/orders");
        AssertNoLeak(JsonSerializer.Serialize(resources));
        AssertNoLeak(JsonSerializer.Serialize(orders));
        Assert.Equal(missing.Message, Normalize(outside.Message, Outside, OutsideTable));
    }

    [Fact]
    public async Task Completion_OffersOnlyAllowedNames()
    {
        var prompt = new PromptReference { Name = "explore_schema" };
        var template = new ResourceTemplateReference { Uri = "postgres://{database}/{schema}/{table}" };

        var schemas = await CompleteAsync(prompt, "schema", "");
        var outsideSchema = await CompleteAsync(prompt, "schema", "vau");
        var tables = await CompleteAsync(template, "table", "");
        var outsideTables = await CompleteAsync(template, "table", "", new() { ["schema"] = Outside });
        var outsidePrefix = await CompleteAsync(template, "table", "hid");

        Assert.Equal([Allowed], schemas);
        Assert.Empty(outsideSchema);
        Assert.Equal(["big_orders", "order_notes", "orders"], tables);
        Assert.Empty(outsideTables);
        Assert.Empty(outsidePrefix);
    }

    [Fact]
    public async Task Prompts_OutsideSchema_RenderAsForAMissingOne()
    {
        var prompts = await scoped.Client.ListPromptsAsync();
        var outside = await scoped.Client.GetPromptAsync("explore_schema", new Dictionary<string, object?> { ["schema"] = Outside });
        var missing = await scoped.Client.GetPromptAsync("explore_schema", new Dictionary<string, object?> { ["schema"] = GhostSchema });
        var health = await scoped.Client.GetPromptAsync("health_review");

        Assert.NotEmpty(prompts);
        AssertNoLeak(JsonSerializer.Serialize(prompts) + JsonSerializer.Serialize(health));
        Assert.Equal(JsonSerializer.Serialize(missing), Normalize(JsonSerializer.Serialize(outside), Outside));
    }

    [Fact]
    public async Task TopQueriesAndWorkload_LeaveOutStatementsOnOutsideObjects()
    {
        var byTime = await CallAsync("get_top_queries", new() { ["limit"] = 100 });
        var byResources = await CallAsync("get_top_queries", new() { ["sort_by"] = "resources", ["limit"] = 100 });
        var workload = await CallAsync("analyze_workload_indexes", new() { ["max_index_size_mb"] = 100 });

        Assert.Contains(byTime.GetProperty("queries").EnumerateArray(), q => q.GetProperty("query").GetString()!.Contains($"FROM {Allowed}.orders", StringComparison.Ordinal));
        Assert.NotEmpty(workload.GetProperty("queries").EnumerateArray());
        AssertNoLeak(byResources.GetRawText() + workload.GetRawText());
    }

    [Fact]
    public async Task AnalyzeDbHealth_FindingsNameOnlyAllowedObjects()
    {
        var content = await CallAsync("analyze_db_health", new() { ["checks"] = "all" });

        var text = content.GetRawText();
        Assert.All(content.GetProperty("checks").EnumerateArray(), check => Assert.NotEqual("error", check.GetProperty("status").GetString()));
        Assert.Contains("orders_amount_dup", text, StringComparison.Ordinal); // duplicate index
        Assert.Contains("orders_bad_idx", text, StringComparison.Ordinal); // invalid index
        Assert.Contains("order_seq", text, StringComparison.Ordinal); // sequence near its limit
        Assert.Contains("orders_amount_check", text, StringComparison.Ordinal); // constraint not validated
    }

    [Fact]
    public async Task OperationsViews_SessionsOnOutsideObjects_ShowNoQueryText()
    {
        await using var holder = new NpgsqlConnection(scoped.SuperuserConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await new NpgsqlCommand($"LOCK TABLE {Outside}.{OutsideTable} IN ACCESS EXCLUSIVE MODE", holder, transaction).ExecuteNonQueryAsync();
        await using var waiter = new NpgsqlConnection(scoped.SuperuserConnectionString);
        await waiter.OpenAsync();
        var blocked = new NpgsqlCommand($"SELECT count(*) FROM {Outside}.{OutsideTable}", waiter).ExecuteScalarAsync();
        await WaitUntilWaitingAsync(waiter.ProcessID);

        var locks = await CallAsync("get_locks", new());
        var active = await CallAsync("get_active_queries", new());
        var transactions = await CallAsync("get_long_running_transactions", new() { ["min_duration_seconds"] = 0 });
        await transaction.RollbackAsync();
        await blocked;

        var lockRow = Assert.Single(locks.GetProperty("rows").EnumerateArray(), row => row.GetProperty("blocked_pid").GetInt32() == waiter.ProcessID);
        Assert.Equal(holder.ProcessID, lockRow.GetProperty("blocking_pid").GetInt32());
        Assert.Equal(JsonValueKind.Null, lockRow.GetProperty("blocked_query").ValueKind);
        Assert.Equal(JsonValueKind.Null, lockRow.GetProperty("waiting_for").ValueKind);
        Assert.Contains(active.GetProperty("rows").EnumerateArray(), row => row.GetProperty("pid").GetInt32() == waiter.ProcessID);
        Assert.Contains(transactions.GetProperty("rows").EnumerateArray(), row => row.GetProperty("pid").GetInt32() == holder.ProcessID);
    }

    [Fact]
    public async Task ExecuteAndExplain_AllowedSchemaRuns_OutsideTableIsNotReadable()
    {
        var allowed = await CallAsync("execute_sql", new() { ["sql"] = $"SELECT count(*) AS n FROM {Allowed}.orders" });
        var plan = await CallAsync("explain_query", new() { ["sql"] = $"SELECT * FROM {Allowed}.orders WHERE amount = 3" });
        var advice = await CallAsync("analyze_query_indexes", new() { ["queries"] = new[] { $"SELECT * FROM {Allowed}.orders WHERE ledger_id = 3" } });
        var outside = await scoped.Client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = $"SELECT * FROM {Outside}.{OutsideTable}" });

        Assert.Equal(2000, allowed.GetProperty("rows")[0].GetProperty("n").GetInt64());
        AssertNoLeak(plan.GetRawText() + advice.GetRawText());
        // The documented limit: the role has no privilege there, and PostgreSQL says so (docs/postgres-connector.md).
        Assert.True(outside.IsError);
        Assert.Contains("42501", Assert.IsType<TextContentBlock>(outside.Content[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ListedSchemaTheDatabaseLacks_IsWarnedAboutByName()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!scoped.ConnectorLog.Any(line => line.Contains("'not_there_yet'", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains(scoped.ConnectorLog, line => line.Contains("Postgres:Databases:maindb:Schemas lists schema 'not_there_yet'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("shop,pg_catalog", "holds 'pg_catalog', which is a system schema")]
    [InlineData("shop, ,sales", "holds '', which is empty")]
    public async Task Start_InvalidSchemaName_IsRefusedNamingTheSetting(string schemas, string expected)
    {
        await using var connector = ConnectorProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__maindb"] = scoped.Server.ConnectionString(ScopedDatabase.Role, Password, Database),
            ["Postgres__Databases__maindb__Schemas"] = schemas,
        });

        var exitCode = await connector.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Postgres:Databases:maindb:Schemas {expected}", connector.Output, StringComparison.Ordinal);
    }

    private static void AssertNoLeak(string text)
    {
        Assert.DoesNotContain(Outside, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Marker, text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The answer with the names the caller gave replaced by the ghost names, to compare with a missing object's.</summary>
    private static string Normalize(string text, string schema, string? name = null)
    {
        var normalized = name is null ? text : text.Replace(name, GhostName, StringComparison.Ordinal);
        return normalized.Replace(schema, GhostSchema, StringComparison.Ordinal);
    }

    private static IEnumerable<string?> Names(JsonElement content, string property) =>
        content.GetProperty(property).EnumerateArray().Select(item => item.GetProperty("name").GetString());

    private async Task WaitUntilWaitingAsync(int pid)
    {
        await using var probe = new NpgsqlConnection(scoped.SuperuserConnectionString);
        await probe.OpenAsync();
        for (var i = 0; i < 100 && !(bool)(await new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = {pid} AND wait_event_type = 'Lock')", probe).ExecuteScalarAsync())!; i++)
        {
            await Task.Delay(50);
        }
    }

    private async Task<List<string>> CompleteAsync(Reference reference, string argument, string value, Dictionary<string, string>? context = null)
    {
        var result = await scoped.Client.CompleteAsync(new CompleteRequestParams
        {
            Ref = reference,
            Argument = new Argument { Name = argument, Value = value },
            Context = context is null ? null : new CompleteContext { Arguments = context },
        });
        return [.. result.Completion.Values];
    }

    /// <summary>The whole answer (content, structured content, error flag) as JSON: it may echo the names the call gave.</summary>
    private async Task<string> RawCallAsync(string tool, Dictionary<string, object?> arguments)
    {
        var result = await scoped.Client.CallToolAsync(tool, arguments);
        return JsonSerializer.Serialize(result);
    }

    private async Task<JsonElement> CallAsync(string tool, Dictionary<string, object?> arguments)
    {
        var result = await scoped.Client.CallToolAsync(tool, arguments);
        Assert.True(result.IsError != true, (result.Content.FirstOrDefault() as TextContentBlock)?.Text);
        AssertNoLeak(JsonSerializer.Serialize(result));
        return result.StructuredContent!.Value.Clone();
    }
}
