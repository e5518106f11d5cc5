using System.Diagnostics;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using McpPlatform.Connectors.Postgres.Tests.Postgres;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Tests.Differential;

/// <summary>
/// The compose and Kubernetes PostgreSQL run McpPlatform.AppHost/TargetPostgres/initdb/10-mcp-readonly.sh once: run here
/// against a real server, the role it creates must pass the connector's role check (no secrets, no files) and read what
/// the database owner creates later.
/// </summary>
[Collection(ProbeDatabase.Collection)]
public sealed class ComposeInitScriptTests(ProbeDatabase database)
{
    private const string Password = "compose-reader-password-42";

    [Fact]
    public async Task InitScript_CreatesAReadOnlyRoleThatCannotReadCredentials()
    {
        await RunInitScriptAsync("composedb");
        await database.Server.ExecuteAsync("CREATE TABLE public.later (id int); INSERT INTO public.later VALUES (1)", "composedb");
        await using var source = NpgsqlDataSource.Create(database.Server.ConnectionString("mcp_readonly", Password, "composedb"));
        var target = new DatabaseTarget("composedb", AccessMode.Restricted, source);

        var finding = await target.Role.FindAsync(target, CancellationToken.None);
        await using var connection = await target.OpenConnectionAsync(CancellationToken.None);
        var laterRows = await new NpgsqlCommand("SELECT count(*) FROM public.later", connection).ExecuteScalarAsync();
        var readOnly = await new NpgsqlCommand("SHOW default_transaction_read_only", connection).ExecuteScalarAsync();
        var authid = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("SELECT rolpassword FROM pg_authid", connection).ExecuteScalarAsync());

        Assert.Null(finding.Privilege);
        Assert.Equal(1L, laterRows);
        Assert.Equal("on", readOnly);
        Assert.Equal("42501", authid.SqlState);
    }

    [Fact]
    public async Task InitScript_WithSchemas_CreatesThemAndGrantsOnlyThem()
    {
        // Its own server: the script creates the cluster-wide role, which the other test's server already has.
        await using var server = new OwnServer();
        await server.Postgres.InitializeAsync();
        await RunInitScriptAsync("scopedcompose", server.Postgres, "shop, sales");
        await server.Postgres.ExecuteAsync(
            "CREATE TABLE shop.items (id int); CREATE TABLE sales.deals (id int); CREATE SCHEMA vault; CREATE TABLE vault.secret (id int); CREATE TABLE public.open (id int)",
            "scopedcompose");
        await using var source = NpgsqlDataSource.Create(server.Postgres.ConnectionString("mcp_readonly", Password, "scopedcompose"));
        var target = new DatabaseTarget("scopedcompose", AccessMode.Restricted, source);

        var finding = await target.Role.FindAsync(target, CancellationToken.None);
        await using var connection = await target.OpenConnectionAsync(CancellationToken.None);
        var items = await new NpgsqlCommand("SELECT count(*) FROM shop.items", connection).ExecuteScalarAsync();
        var deals = await new NpgsqlCommand("SELECT count(*) FROM sales.deals", connection).ExecuteScalarAsync();
        var vault = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("SELECT count(*) FROM vault.secret", connection).ExecuteScalarAsync());
        var open = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("SELECT count(*) FROM public.open", connection).ExecuteScalarAsync());

        Assert.Null(finding.Privilege);
        Assert.Equal(0L, items);
        Assert.Equal(0L, deals);
        Assert.Equal("42501", vault.SqlState);
        Assert.Equal("42501", open.SqlState);
    }

    [Theory]
    [InlineData("pg_catalog")]
    [InlineData("shop,information_schema")]
    public async Task InitScript_WithASystemSchema_FailsAndGrantsNothingThere(string schemas)
    {
        await using var server = new OwnServer();
        await server.Postgres.InitializeAsync();

        var (exitCode, output) = await TryInitScriptAsync("systemscoped", server.Postgres, schemas);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("user schema names only", output, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(server.Postgres.SuperuserConnectionString("systemscoped"));
        await connection.OpenAsync();
        var granted = await new NpgsqlCommand("SELECT has_table_privilege('mcp_readonly', 'pg_catalog.pg_authid', 'SELECT')", connection).ExecuteScalarAsync();
        Assert.Equal(false, granted);
    }

    private Task RunInitScriptAsync(string databaseName) => RunInitScriptAsync(databaseName, database.Server, schemas: null);

    private static async Task RunInitScriptAsync(string databaseName, TestPostgresServer server, string? schemas)
    {
        var (exitCode, output) = await TryInitScriptAsync(databaseName, server, schemas);
        Assert.True(exitCode == 0, $"the init script failed: {output}");
    }

    private static async Task<(int ExitCode, string Output)> TryInitScriptAsync(string databaseName, TestPostgresServer server, string? schemas)
    {
        var script = Path.Combine(RepositoryRoot(), "McpPlatform.AppHost", "TargetPostgres", "initdb", "10-mcp-readonly.sh");
        var info = new ProcessStartInfo("sh", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // What the postgres image's entrypoint gives the script, with psql pointed at the test server.
        info.Environment["POSTGRES_USER"] = "postgres";
        info.Environment["MCP_READONLY_PASSWORD"] = Password;
        info.Environment["MCP_DATABASE"] = databaseName;
        info.Environment["PGHOST"] = "127.0.0.1";
        info.Environment["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (schemas is not null)
        {
            info.Environment["MCP_SCHEMAS"] = schemas;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "McpPlatform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("McpPlatform.sln not found above the test's directory.");
    }

    /// <summary>A server of the test's own, stopped and deleted with it.</summary>
    private sealed class OwnServer : IAsyncDisposable
    {
        public TestPostgresServer Postgres { get; } = new();

        public async ValueTask DisposeAsync() => await Postgres.DisposeAsync();
    }
}
