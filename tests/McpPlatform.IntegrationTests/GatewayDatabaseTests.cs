using Npgsql;

namespace McpPlatform.IntegrationTests;

/// <summary>The dev run's gateway has its own database on the embedded server, migrated at start, and nobody else's.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayDatabaseTests(PlatformFixture platform)
{
    [Fact]
    public async Task Gateway_OwnDatabase_IsMigratedAtStartByItsOwnRole()
    {
        var connectionString = await platform.App.GetConnectionStringAsync("gatewaydb");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        await using var migrations = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations", connection);
        await using var owner = new NpgsqlCommand("SELECT pg_get_userbyid(datdba)::text, current_user::text, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) FROM pg_database WHERE datname = current_database()", connection);
        await using var reader = await owner.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (databaseOwner, role, superuser) = (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2));
        await reader.CloseAsync();

        Assert.Equal("1,2", await migrations.ExecuteScalarAsync());
        Assert.Equal(("mcp_gateway", "mcp_gateway", false), (databaseOwner, role, superuser));
    }

    [Fact]
    public async Task ConnectorRole_CannotConnectToTheGatewaysDatabase()
    {
        // The connector's read-only login, pointed at the gateway's database: keys and audit are not the connector's to read.
        var connector = new NpgsqlConnectionStringBuilder(await platform.App.GetConnectionStringAsync("maindb"))
        {
            Database = new NpgsqlConnectionStringBuilder(await platform.App.GetConnectionStringAsync("gatewaydb")).Database,
        };
        await using var connection = new NpgsqlConnection(connector.ConnectionString);

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal("42501", refusal.SqlState);
    }
}
