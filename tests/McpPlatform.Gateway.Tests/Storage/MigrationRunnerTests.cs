using McpPlatform.Gateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpPlatform.Gateway.Tests.Storage;

[Collection(GatewayPostgres.Collection)]
public sealed class MigrationRunnerTests(GatewayPostgres postgres)
{
    [Fact]
    public void Embedded_AreTheRepositorysFilesInVersionOrder()
    {
        Assert.Equal([(1, "virtual_keys"), (2, "audit_log")], Migration.Embedded.Select(m => (m.Version, m.Name)));
        Assert.All(Migration.Embedded, m => Assert.Matches("^[0-9a-f]{64}$", m.Checksum));
    }

    [Fact]
    public async Task ApplyAsync_RunTwice_AppliesEachMigrationOnceAndRecordsIt()
    {
        var dataSource = postgres.DataSource(await postgres.CreateDatabaseAsync());

        var first = await MigrationRunner.ApplyAsync(dataSource, Migration.Embedded, NullLogger.Instance, CancellationToken.None);
        var second = await MigrationRunner.ApplyAsync(dataSource, Migration.Embedded, NullLogger.Instance, CancellationToken.None);

        Assert.Equal([1, 2], first);
        Assert.Empty(second);
        Assert.Equal(2L, await GatewayPostgres.ScalarAsync<long>(dataSource, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal(
            string.Join(",", Migration.Embedded.Select(m => m.Checksum)),
            await GatewayPostgres.ScalarAsync<string>(dataSource, "SELECT string_agg(checksum, ',' ORDER BY version) FROM schema_migrations"));
        Assert.Equal(0L, await GatewayPostgres.ScalarAsync<long>(dataSource, "SELECT version FROM virtual_keys_version"));
    }

    [Fact]
    public async Task ApplyAsync_FourProcessesStartingTogether_ApplyEachMigrationExactlyOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        // Separate pools, as separate gateway processes have.
        var runners = Enumerable.Range(0, 4).Select(_ => postgres.DataSource(connectionString)).ToList();

        var results = await Task.WhenAll(runners.Select(dataSource =>
            Task.Run(() => MigrationRunner.ApplyAsync(dataSource, Migration.Embedded, NullLogger.Instance, CancellationToken.None))));

        Assert.Equal([1, 2], results.SelectMany(applied => applied).Order());
        Assert.Single(results, applied => applied.Count > 0);
        Assert.Equal(2L, await GatewayPostgres.ScalarAsync<long>(runners[0], "SELECT count(*) FROM schema_migrations"));
        // The one-row version table would have two rows if its migration had run twice.
        Assert.Equal(1L, await GatewayPostgres.ScalarAsync<long>(runners[0], "SELECT count(*) FROM virtual_keys_version"));
    }

    [Fact]
    public async Task ApplyAsync_AppliedMigrationEditedSince_IsRefusedNamingIt()
    {
        var dataSource = postgres.DataSource(await postgres.CreateDatabaseAsync());
        await MigrationRunner.ApplyAsync(dataSource, Migration.Embedded, NullLogger.Instance, CancellationToken.None);
        var edited = Migration.Embedded.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\n-- edited" } : m).ToList();

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            MigrationRunner.ApplyAsync(dataSource, edited, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("0001_virtual_keys was changed after it was applied", refusal.Message);
    }

    [Fact]
    public async Task ApplyAsync_NewMigrationLater_AppliesOnlyThatOne()
    {
        var dataSource = postgres.DataSource(await postgres.CreateDatabaseAsync());
        await MigrationRunner.ApplyAsync(dataSource, Migration.Embedded, NullLogger.Instance, CancellationToken.None);
        var next = new Migration(3, "later", "CREATE TABLE later_table (id int)");

        var applied = await MigrationRunner.ApplyAsync(dataSource, [.. Migration.Embedded, next], NullLogger.Instance, CancellationToken.None);

        Assert.Equal([3], applied);
        Assert.Equal(0L, await GatewayPostgres.ScalarAsync<long>(dataSource, "SELECT count(*) FROM later_table"));
    }

    [Fact]
    public async Task ApplyAsync_FailingMigration_LeavesNeitherItsChangesNorItsRecord()
    {
        var dataSource = postgres.DataSource(await postgres.CreateDatabaseAsync());
        await MigrationRunner.ApplyAsync(dataSource, Migration.Embedded, NullLogger.Instance, CancellationToken.None);
        var broken = new Migration(3, "broken", "CREATE TABLE half_done (id int); SELECT no_such_function()");

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            MigrationRunner.ApplyAsync(dataSource, [.. Migration.Embedded, broken], NullLogger.Instance, CancellationToken.None));

        Assert.Equal(2L, await GatewayPostgres.ScalarAsync<long>(dataSource, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0L, await GatewayPostgres.ScalarAsync<long>(dataSource, "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"));
    }
}
