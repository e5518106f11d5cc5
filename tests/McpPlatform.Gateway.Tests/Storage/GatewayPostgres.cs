using System.Collections.Concurrent;
using McpPlatform.Connectors.Postgres.Tests.Postgres;
using McpPlatform.Gateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace McpPlatform.Gateway.Tests.Storage;

/// <summary>
/// A real PostgreSQL for the gateway's storage tests. Each test gets a database of its own, owned by a login role of
/// its own that is no superuser, as the AppHost provisions <c>gatewaydb</c> for <c>mcp_gateway</c>.
/// </summary>
public sealed class GatewayPostgres : IAsyncLifetime
{
    public const string Collection = "gateway-postgres";

    private readonly ConcurrentBag<NpgsqlDataSource> dataSources = [];
    private int databases;

    public TestPostgresServer Server { get; } = new();

    public Task InitializeAsync() => Server.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    /// <summary>A new empty database and its owner; returns the owner's connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"gw{Interlocked.Increment(ref databases)}_{Guid.NewGuid():N}"[..20];
        var password = Guid.NewGuid().ToString("N");
        await Server.ExecuteAsync($"CREATE ROLE {name} LOGIN PASSWORD '{password}'");
        await Server.ExecuteAsync($"CREATE DATABASE {name} OWNER {name}");
        return Server.ConnectionString(name, password, name);
    }

    /// <summary>A data source disposed with the fixture.</summary>
    public NpgsqlDataSource DataSource(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        dataSources.Add(dataSource);
        return dataSource;
    }

    /// <summary>A new database, migrated and reported ready, as the gateway has it once started.</summary>
    public async Task<(GatewayDatabase Database, string ConnectionString)> CreateReadyDatabaseAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        return (await OpenReadyAsync(connectionString), connectionString);
    }

    /// <summary>Another gateway process's view of an existing database: its own pool, migrations run (a no-op when current).</summary>
    public async Task<GatewayDatabase> OpenReadyAsync(string connectionString)
    {
        var database = new GatewayDatabase(DataSource(connectionString));
        await MigrationRunner.ApplyAsync(database.DataSource, Migration.Embedded, NullLogger.Instance, CancellationToken.None);
        database.ReportReady();
        return database;
    }

    /// <summary>One value of a query, as the database's owner.</summary>
    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

[CollectionDefinition(GatewayPostgres.Collection)]
public sealed class GatewayPostgresCollection : ICollectionFixture<GatewayPostgres>;
