using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static McpPlatform.IntegrationTests.ScopedDatabase;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The embedded server's provisioning of the read-only role (<see cref="LocalPostgresProvisioner.GrantReadsAsync"/>, run at
/// every start) against a real server: with <c>Schemas</c>, the role reads the listed schemas, now and what their owner
/// creates there later, and nothing of any other schema, also after a start that granted everything.
/// </summary>
[Collection(ScopedDatabase.Collection)]
public sealed class ReadOnlyGrantsScopeTests(ScopedDatabase scoped)
{
    private const string GrantsDatabase = "grantsdb";

    [Fact]
    public async Task GrantReads_WithSchemas_AfterAnUnscopedStart_LeavesOnlyTheListedSchemasReadable()
    {
        await scoped.Server.ExecuteAsync($"CREATE DATABASE {GrantsDatabase}");
        await scoped.Server.ExecuteAsync("CREATE SCHEMA shop; CREATE TABLE shop.items (id int); CREATE SCHEMA vault; CREATE TABLE vault.secret (id int)", GrantsDatabase);
        var owner = scoped.Server.SuperuserConnectionString(GrantsDatabase);

        await LocalPostgresProvisioner.GrantReadsAsync(owner, Role, [], NullLogger.Instance, CancellationToken.None);
        var beforeScoping = await ReadAsync("vault.secret");
        await LocalPostgresProvisioner.GrantReadsAsync(owner, Role, ["shop"], NullLogger.Instance, CancellationToken.None);
        await scoped.Server.ExecuteAsync(
            "CREATE TABLE shop.later (id int); CREATE TABLE vault.later (id int); CREATE SCHEMA fresh; CREATE TABLE fresh.t (id int)", GrantsDatabase);

        Assert.Null(beforeScoping);
        Assert.Null(await ReadAsync("shop.items"));
        Assert.Null(await ReadAsync("shop.later"));
        Assert.Equal("42501", await ReadAsync("vault.secret"));
        Assert.Equal("42501", await ReadAsync("vault.later"));
        Assert.Equal("42501", await ReadAsync("fresh.t"));
        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync();
        var privileges = await new NpgsqlCommand(
            $"SELECT has_schema_privilege('{Role}', 'vault', 'USAGE') OR has_schema_privilege('{Role}', 'fresh', 'USAGE') OR has_table_privilege('{Role}', 'vault.secret', 'SELECT')",
            connection).ExecuteScalarAsync();
        Assert.Equal(false, privileges);
    }

    /// <summary>Reads the table as the read-only role; returns the SQLSTATE it failed with, or null.</summary>
    private async Task<string?> ReadAsync(string table)
    {
        await using var connection = new NpgsqlConnection(scoped.Server.ConnectionString(Role, Password, GrantsDatabase));
        await connection.OpenAsync();
        try
        {
            await new NpgsqlCommand($"SELECT count(*) FROM {table}", connection).ExecuteScalarAsync();
            return null;
        }
        catch (PostgresException ex)
        {
            return ex.SqlState;
        }
    }
}
