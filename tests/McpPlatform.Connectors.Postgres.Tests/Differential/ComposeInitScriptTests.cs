using System.Diagnostics;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
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

    private async Task RunInitScriptAsync(string databaseName)
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
        info.Environment["PGPORT"] = database.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"the init script failed: {await output}{await error}");
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
}
