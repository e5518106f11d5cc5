using System.Diagnostics;
using System.Globalization;
using McpPlatform.Gateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace McpPlatform.Gateway.Tests.Storage;

/// <summary>
/// The compose and Kubernetes PostgreSQL run McpPlatform.AppHost/TargetPostgres/initdb/20-mcp-gateway.sh when they
/// initialize (and an admin may run it again by hand): run here against a real server, twice.
/// </summary>
[Collection(GatewayPostgres.Collection)]
public sealed class GatewayInitScriptTests(GatewayPostgres postgres)
{
    [Fact]
    public async Task InitScript_RunTwice_CreatesTheGatewaysOwnDatabase_OnlyItsRoleConnects()
    {
        const string Database = "gatewaydb_init";
        await RunInitScriptAsync(Database, "first-password-0123456789");
        await RunInitScriptAsync(Database, "second-password-0123456789"); // again: idempotent, the password follows the .env
        await postgres.Server.ExecuteAsync("CREATE ROLE outsider LOGIN PASSWORD 'outsider-password'");

        var gateway = postgres.DataSource(postgres.Server.ConnectionString("mcp_gateway", "second-password-0123456789", Database));
        var applied = await MigrationRunner.ApplyAsync(gateway, Migration.Embedded, NullLogger.Instance, CancellationToken.None);
        await using var outsider = new NpgsqlConnection(postgres.Server.ConnectionString("outsider", "outsider-password", Database));
        var refusal = await Assert.ThrowsAsync<PostgresException>(() => outsider.OpenAsync());
        await using var oldPassword = new NpgsqlConnection(postgres.Server.ConnectionString("mcp_gateway", "first-password-0123456789", Database));
        var stale = await Assert.ThrowsAsync<PostgresException>(() => oldPassword.OpenAsync());

        Assert.Equal([1, 2], applied);
        Assert.Equal("mcp_gateway", await GatewayPostgres.ScalarAsync<string>(gateway, "SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = current_database()"));
        Assert.False(await GatewayPostgres.ScalarAsync<bool>(gateway, "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal("42501", refusal.SqlState); // permission denied for database
        Assert.Equal("28P01", stale.SqlState);
    }

    private async Task RunInitScriptAsync(string database, string password)
    {
        var script = Path.Combine(RepositoryRoot(), "McpPlatform.AppHost", "TargetPostgres", "initdb", "20-mcp-gateway.sh");
        var info = new ProcessStartInfo("sh", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // What the postgres image's entrypoint and the compose .env give the script, with psql pointed at the test server.
        info.Environment["POSTGRES_USER"] = "postgres";
        info.Environment["GATEWAY_DB_PASSWORD"] = password;
        info.Environment["GATEWAY_DATABASE"] = database;
        info.Environment["PGHOST"] = "127.0.0.1";
        info.Environment["PGPORT"] = postgres.Server.Port.ToString(CultureInfo.InvariantCulture);
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
