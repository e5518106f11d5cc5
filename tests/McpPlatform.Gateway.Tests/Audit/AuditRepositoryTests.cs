using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Tests.Audit;

[Collection(GatewayPostgres.Collection)]
public sealed class AuditRepositoryTests(GatewayPostgres postgres)
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task QueryAsync_EachFilter_ReturnsOnlyMatchingEntries_NewestFirst()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        var repository = new AuditRepository(database);
        await repository.WriteAsync(
        [
            AuditTestHost.Entry(1, key: "vk_a", at: Noon.AddMinutes(1)),
            AuditTestHost.Entry(2, key: "vk_b", at: Noon.AddMinutes(2)),
            AuditTestHost.Entry(3, key: "vk_a", server: "everything", tool: "echo", at: Noon.AddMinutes(3)),
            AuditTestHost.Entry(4, key: "vk_a", outcome: AuditOutcome.Refused, at: Noon.AddMinutes(4)),
            AuditTestHost.Entry(5, key: "local-user", outcome: AuditOutcome.Error, at: Noon.AddMinutes(5)),
        ], CancellationToken.None);

        async Task<int[]> Requests(AuditQuery query) =>
            [.. (await repository.QueryAsync(query, CancellationToken.None)).Entries.Select(entry => (int)entry.RequestBytes - 100)];

        Assert.Equal(new[] { 5, 4, 3, 2, 1 }, await Requests(new AuditQuery()));
        Assert.Equal(new[] { 4, 3, 1 }, await Requests(new AuditQuery { KeyId = "vk_a" }));
        Assert.Equal(new[] { 3 }, await Requests(new AuditQuery { Server = "everything" }));
        Assert.Equal(new[] { 5, 4, 2, 1 }, await Requests(new AuditQuery { Target = "list_schemas" }));
        Assert.Equal(new[] { 4 }, await Requests(new AuditQuery { Outcome = AuditOutcome.Refused }));
        Assert.Equal(new[] { 5 }, await Requests(new AuditQuery { Outcome = AuditOutcome.Error }));
        Assert.Equal(new[] { 3, 2 }, await Requests(new AuditQuery { From = Noon.AddMinutes(2), To = Noon.AddMinutes(4) }));
        Assert.Equal(new[] { 4, 1 }, await Requests(new AuditQuery { KeyId = "vk_a", Server = "postgres_main", Target = "list_schemas" }));
        Assert.Empty(await Requests(new AuditQuery { KeyId = "vk_a' OR '1'='1" }));
    }

    [Fact]
    public async Task QueryAsync_ReadsBackEveryField()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        var repository = new AuditRepository(database);
        var written = AuditTestHost.Entry(7, outcome: AuditOutcome.Refused, at: Noon) with { Duration = TimeSpan.FromMilliseconds(12.5) };
        await repository.WriteAsync([written], CancellationToken.None);

        var read = Assert.Single((await repository.QueryAsync(new AuditQuery(), CancellationToken.None)).Entries);

        Assert.True(read.Id > 0);
        Assert.Equal(written with { Id = read.Id }, read);
    }

    [Fact]
    public async Task QueryAsync_KeysetPaging_WalksEveryEntryOnceWithoutGaps()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        var repository = new AuditRepository(database);
        await repository.WriteAsync([.. Enumerable.Range(0, 25).Select(n => AuditTestHost.Entry(n, key: n % 2 == 0 ? "vk_even" : "vk_odd"))], CancellationToken.None);

        var pages = new List<AuditPage>();
        long? cursor = null;
        do
        {
            var page = await repository.QueryAsync(new AuditQuery { KeyId = "vk_even", Limit = 5, Before = cursor }, CancellationToken.None);
            pages.Add(page);
            cursor = page.NextBefore;
        }
        while (cursor is not null);

        Assert.Equal([5, 5, 3], pages.Select(page => page.Entries.Count));
        var requests = pages.SelectMany(page => page.Entries).Select(entry => (int)entry.RequestBytes - 100).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Where(n => n % 2 == 0).Reverse(), requests);
        Assert.Null(pages[^1].NextBefore);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task QueryAsync_LimitOutOfRange_IsRefused(int limit)
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new AuditRepository(database).QueryAsync(new AuditQuery { Limit = limit }, CancellationToken.None));
    }

    [Fact]
    public async Task Retention_DeletesOnlyEntriesOlderThanItKeeps()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        var repository = new AuditRepository(database);
        var now = DateTimeOffset.UtcNow;
        await repository.WriteAsync(
        [
            AuditTestHost.Entry(1, at: now.AddDays(-40)),
            AuditTestHost.Entry(2, at: now.AddDays(-31)),
            AuditTestHost.Entry(3, at: now.AddDays(-29)),
            AuditTestHost.Entry(4, at: now),
        ], CancellationToken.None);
        var retention = new AuditRetention(
            repository, database, Options.Create(new AuditOptions { Retention = TimeSpan.FromDays(30) }), TimeProvider.System, NullLogger<AuditRetention>.Instance);

        await retention.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await AuditTestHost.CountAsync(database) > 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await retention.StopAsync(CancellationToken.None);
        Assert.Equal([4, 3], (await repository.QueryAsync(new AuditQuery(), CancellationToken.None)).Entries.Select(entry => (int)entry.RequestBytes - 100));
    }

    [Fact]
    public async Task DeleteOlderThanAsync_ManySlices_DeletesAllAndCountsThem()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        var repository = new AuditRepository(database);
        await repository.WriteAsync([.. Enumerable.Range(0, 12_345).Select(n => AuditTestHost.Entry(n, at: Noon))], CancellationToken.None);

        var deleted = await repository.DeleteOlderThanAsync(Noon.AddSeconds(1), CancellationToken.None);

        Assert.Equal(12_345L, deleted);
        Assert.Equal(0L, await AuditTestHost.CountAsync(database));
    }
}
