using ModelContextProtocol.Protocol;
using Npgsql;

namespace McpPlatform.IntegrationTests;

/// <summary>Restricted mode against the real connector and PostgreSQL: every payload refused, nothing changed.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RestrictedModeTests(PlatformFixture platform)
{
    public static TheoryData<string> Attacks => new()
    {
        "COMMIT; DROP SCHEMA demo CASCADE;",
        "SELECT 1; DELETE FROM demo.orders",
        "DELETE FROM demo.orders",
        "WITH d AS (DELETE FROM demo.orders RETURNING *) SELECT * FROM d",
        "SELECT * INTO demo.copy FROM demo.orders",
        "SET TRANSACTION READ WRITE",
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        "SELECT set_config('role', 'postgres', true)",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT * FROM pg_ls_dir('.')",
        "SELECT lo_import('/etc/passwd')",
        "COPY (SELECT 1) TO '/tmp/mcpplatform-copy-attack'",
        "COPY (SELECT 1) TO PROGRAM 'touch /tmp/mcpplatform-program-attack'",
        "SELECT pg_advisory_lock(4242)",
        "SELECT * FROM demo.customers FOR UPDATE",
        "DO $$ BEGIN EXECUTE 'DELETE FROM demo.orders'; END $$",
        "EXPLAIN ANALYZE DELETE FROM demo.orders",
        "SELECT query_to_xml('SELECT pg_advisory_lock(4243)', true, true, '')",
        "SELECT pg_terminate_backend(pg_backend_pid())",
        "CREATE TEMP TABLE t AS SELECT 1",
        // The guard reads text as PostgreSQL's scanner does: a line comment ends at a carriage return.
        "SELECT 1 --\r, pg_advisory_lock(4244)",
        // Credentials, whatever the role could read.
        "TABLE pg_authid",
        "SELECT * FROM pg_shadow",
        "SELECT table_to_xml('pg_authid', true, true, '')",
        // SQL run from a string, and state that would outlive the call in the pooled connection.
        "SELECT ts_rewrite('a'::tsquery, 'SELECT pg_advisory_lock(4245)::text::tsquery, ''b''::tsquery')",
        "SELECT * FROM hypopg_create_index('CREATE INDEX ON demo.orders (quantity)')",
        "SELECT setseed(0.5)",
    };

    public static TheoryData<string> ValidReads => new()
    {
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY quantity) AS median FROM demo.orders",
        "WITH a AS (WITH b AS (SELECT customer_id, quantity FROM demo.orders) SELECT customer_id, sum(quantity) AS q FROM b GROUP BY 1) SELECT * FROM a ORDER BY 1",
        "SELECT jsonb_path_query_array(attributes, '$.*') AS values, attributes ->> 'dpi' AS dpi FROM demo.products ORDER BY id",
        "SELECT 'DELETE FROM demo.orders; DROP TABLE x' AS text, $q$ ; COMMIT; $q$ AS dollar",
        "EXPLAIN SELECT * FROM demo.orders WHERE customer_id = 1",
        "EXPLAIN ANALYZE SELECT count(*) FROM demo.orders",
        "SHOW statement_timeout",
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'demo' ORDER BY 1",
        "SELECT relname FROM pg_catalog.pg_class WHERE relnamespace = 'demo'::regnamespace ORDER BY 1",
        "TABLE demo.products",
        "VALUES (1, 'one'), (2, 'two')",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task ExecuteSql_Attack_IsRefusedAndChangesNothing(string attack)
    {
        var probe = await platform.SuperuserConnectionStringAsync();
        var before = await DatabaseProbe.FingerprintAsync(probe);
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = attack });

        Assert.True(result.IsError, $"not refused: {attack}");
        var message = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.DoesNotContain("   at ", message); // a user-facing message, never a stack trace
        Assert.Equal(before, await DatabaseProbe.FingerprintAsync(probe));
        Assert.Equal(0, await DatabaseProbe.AdvisoryLockCountAsync(probe));
        Assert.False(File.Exists("/tmp/mcpplatform-copy-attack"));
        Assert.False(File.Exists("/tmp/mcpplatform-program-attack"));
    }

    [Theory]
    [MemberData(nameof(ValidReads))]
    public async Task ExecuteSql_ValidRead_Runs(string read)
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = read });

        Assert.True(result.IsError != true, (result.Content.FirstOrDefault() as TextContentBlock)?.Text);
        Assert.True(result.StructuredContent!.Value.GetProperty("rowCount").GetInt32() > 0);
    }

    [Theory]
    [InlineData("SELECT pg_read_file('/etc/passwd')")]
    [InlineData("SELECT rolpassword FROM pg_authid")]
    [InlineData("SELECT passwd FROM pg_shadow")]
    [InlineData("SELECT umoptions FROM pg_user_mapping")]
    [InlineData("SELECT subconninfo FROM pg_subscription")]
    [InlineData("SELECT * FROM pg_statistic")]
    [InlineData("SELECT * FROM pg_largeobject")]
    [InlineData("SELECT current_setting('data_directory')")]
    public async Task ConnectorRole_WithoutTheGuard_CannotReadFilesOrCredentials(string read)
    {
        // The layer under the guard: the connector's own login role, used directly.
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("maindb"));
        await connection.OpenAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(read, connection).ExecuteScalarAsync());

        Assert.Equal("42501", refused.SqlState);
    }

    [Fact]
    public async Task ConnectorRole_WithoutTheGuard_CannotWriteButReadsEveryUserSchema()
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("maindb"));
        await connection.OpenAsync();

        var write = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("DELETE FROM demo.orders", connection).ExecuteNonQueryAsync());
        var superuser = await new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", connection).ExecuteScalarAsync();
        // demo was seeded before the grants; perf was created by the fixture after start (default privileges).
        var rows = await new NpgsqlCommand("SELECT (SELECT count(*) FROM demo.orders) > 0 AND (SELECT count(*) FROM perf.events) > 0", connection).ExecuteScalarAsync();

        Assert.Equal("25006", write.SqlState); // default_transaction_read_only on the role
        Assert.Equal(false, superuser);
        Assert.Equal(true, rows);
    }

    [Fact]
    public async Task ExecuteSql_ManyRows_IsCappedAndSaysHowToNarrow()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT g FROM generate_series(1, 50000) g" });

        var content = result.StructuredContent!.Value;
        Assert.True(content.GetProperty("truncated").GetBoolean());
        Assert.Equal(1000, content.GetProperty("rowCount").GetInt32());
        Assert.Contains("Narrow the query", content.GetProperty("note").GetString());
    }

    [Fact]
    public async Task ExecuteSql_HugeValues_AreCappedInBytes()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT repeat('x', 200000) AS big FROM generate_series(1, 100)" });

        var content = result.StructuredContent!.Value;
        Assert.True(content.GetProperty("truncated").GetBoolean());
        Assert.True(content.GetProperty("rowCount").GetInt32() < 10);
        Assert.Contains("byte cap", content.GetProperty("note").GetString());
    }

    [Fact]
    public async Task ExecuteSql_EndlessResult_IsCutAtTheCapInsteadOfRunningToTheTimeout()
    {
        await using var client = await platform.ConnectToConnectorAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT generate_series(1, 2000000000) AS g" });

        Assert.True(result.StructuredContent!.Value.GetProperty("truncated").GetBoolean());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}: the statement was not cancelled at the cap");
    }

    [Fact]
    public async Task ExecuteSql_OneValueLargerThanTheByteCap_IsNotReturned()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT 1 AS a, repeat('x', 64 * 1024 * 1024) AS huge" });

        var content = result.StructuredContent!.Value;
        Assert.True(content.GetProperty("truncated").GetBoolean());
        Assert.Equal(0, content.GetProperty("rowCount").GetInt32());
    }

    [Fact]
    public async Task ExecuteSql_SyntaxError_IsToolErrorWithSqlState()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT FROM WHERE" });

        Assert.True(result.IsError);
        var message = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Contains("42601", message);
    }

    [Fact]
    public async Task ExecuteSql_BigNumbers_KeepEveryDigit()
    {
        await using var client = await platform.ConnectToConnectorAsync();

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?>
        {
            ["sql"] = "SELECT 9223372036854775807::bigint AS b, 12345678901234567890.123456789012345678901::numeric AS n, 1e40::numeric + 0.5 AS huge",
        });

        var row = result.StructuredContent!.Value.GetProperty("rows")[0];
        Assert.Equal("9223372036854775807", row.GetProperty("b").GetRawText());
        Assert.Equal("12345678901234567890.123456789012345678901", row.GetProperty("n").GetRawText());
        Assert.Equal("10000000000000000000000000000000000000000.5", row.GetProperty("huge").GetRawText());
    }
}
