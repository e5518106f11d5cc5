using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Storage;
using McpPlatform.Gateway.Tests.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace McpPlatform.Gateway.Tests.Audit;

[Collection(GatewayPostgres.Collection)]
public sealed class AuditWriterTests(GatewayPostgres postgres)
{
    [Fact]
    public async Task Record_ManyEntries_AreWrittenInBatches_AllOfThem()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        using var host = new AuditTestHost(database, new AuditOptions { BatchSize = 100, FlushInterval = TimeSpan.FromMilliseconds(50) });
        await host.Writer.StartAsync(CancellationToken.None);

        var recorded = Enumerable.Range(0, 1000).Count(n => host.Log.Record(AuditTestHost.Entry(n)));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await AuditTestHost.CountAsync(database) < 1000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await host.Writer.StopAsync(CancellationToken.None);
        Assert.Equal(1000, recorded);
        Assert.Equal(1000L, await AuditTestHost.CountAsync(database));
        Assert.Equal(1000L, host.Measured("mcpplatform.gateway.audit.written"));
        Assert.Equal(0L, host.Log.DroppedCount);
    }

    [Fact]
    public async Task StopAsync_GracefulShutdown_WritesEverythingStillBuffered()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        // A flush interval longer than the test: nothing is written before the stop asks for it.
        using var host = new AuditTestHost(database, new AuditOptions { BatchSize = 500, FlushInterval = TimeSpan.FromMinutes(5) });
        await host.Writer.StartAsync(CancellationToken.None);
        for (var n = 0; n < 5000; n++)
        {
            Assert.True(host.Log.Record(AuditTestHost.Entry(n)));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.Writer.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(5000L, await AuditTestHost.CountAsync(database));
        Assert.Equal(0L, host.Log.DroppedCount);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {clock.Elapsed}");
        Assert.False(host.Log.Record(AuditTestHost.Entry(5001)));
        Assert.Equal(1L, host.Measured("mcpplatform.gateway.audit.dropped:buffer_full"));
    }

    [Fact]
    public async Task Record_DatabaseNeverReachable_BufferFillsThenDropsAreCountedAndReported()
    {
        var database = new GatewayDatabase(postgres.DataSource(await postgres.CreateDatabaseAsync())); // never ready
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = new AuditTestHost(database, new AuditOptions { BufferCapacity = 10 }, time);
        await host.Writer.StartAsync(CancellationToken.None);

        var recorded = Enumerable.Range(0, 15).Count(n => host.Log.Record(AuditTestHost.Entry(n)));
        var health = await new AuditHealthCheck(host.Log, time).CheckHealthAsync(new HealthCheckContext());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.Writer.StopAsync(CancellationToken.None);

        Assert.Equal(10, recorded);
        Assert.Equal(5L, host.Measured("mcpplatform.gateway.audit.dropped:buffer_full"));
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal("buffer 10/10, 5 entries lost since start (some in the last minute)", health.Description);
        // A stop does not wait for a database that was never reached: the buffered ten are counted as lost.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the stop took {clock.Elapsed}");
        Assert.Equal(10L, host.Measured("mcpplatform.gateway.audit.dropped:shutdown"));
        Assert.Equal(15L, host.Log.DroppedCount);
    }

    [Fact]
    public void BufferDepth_IsObservableAsAGauge()
    {
        var database = new GatewayDatabase(null);
        using var host = new AuditTestHost(database, new AuditOptions());

        for (var n = 0; n < 7; n++)
        {
            host.Log.Record(AuditTestHost.Entry(n));
        }

        Assert.Equal(7L, host.Measured("mcpplatform.gateway.audit.buffer_depth"));
        Assert.Equal(7, host.Log.Depth);
    }

    [Fact]
    public async Task Record_HostileText_IsCleanedAndStillWritten_NotRejectingTheBatch()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        using var host = new AuditTestHost(database, new AuditOptions { FlushInterval = TimeSpan.FromMilliseconds(10) });
        await host.Writer.StartAsync(CancellationToken.None);

        host.Log.Record(AuditTestHost.Entry(1, tool: "evil\0tool\uD800" + new string('x', 10_000)));
        host.Log.Record(AuditTestHost.Entry(2));
        await host.Writer.StopAsync(CancellationToken.None);

        Assert.Equal(2L, await AuditTestHost.CountAsync(database));
        Assert.Equal(0L, host.Log.DroppedCount);
        var stored = await GatewayPostgres.ScalarAsync<string>(database.DataSource, "SELECT target FROM audit_log WHERE target LIKE 'evil%'");
        Assert.StartsWith("evil\uFFFDtool\uFFFDxx", stored);
        Assert.Equal(2048, stored.Length);
    }

    [Theory]
    [InlineData(false, null, null)]
    [InlineData(true, "{\"sql\":\"SE", "{\"content\"")]
    public async Task Payloads_StoredOnlyWhenOptedIn_AndTruncated(bool store, string? arguments, string? result)
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        using var host = new AuditTestHost(database, new AuditOptions { StorePayloads = store, MaxPayloadLength = 10, FlushInterval = TimeSpan.FromMilliseconds(10) });
        await host.Writer.StartAsync(CancellationToken.None);

        host.Log.Record(AuditTestHost.Entry(1));
        await host.Writer.StopAsync(CancellationToken.None);

        var page = await host.Repository.QueryAsync(new AuditQuery(), CancellationToken.None);
        var entry = Assert.Single(page.Entries);
        Assert.Equal(store, host.Log.StoresPayloads);
        Assert.Equal(arguments, entry.Arguments);
        Assert.Equal(result, entry.Result);
    }

    [Fact]
    public void AuditLog_Disabled_RecordsNothing()
    {
        var database = new GatewayDatabase(null);
        using var host = new AuditTestHost(database, new AuditOptions { Enabled = false });

        var recorded = host.Log.Record(AuditTestHost.Entry(1));

        Assert.False(recorded);
        Assert.False(host.Log.IsEnabled);
        Assert.Equal(0, host.Log.Depth);
        Assert.Equal(0L, host.Log.DroppedCount);
    }
}
