using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Tests.Keys;

/// <summary>One gateway process's key store on a database: repository, cache and the feed that keeps the cache current.</summary>
internal sealed class VirtualKeyTestHost : IAsyncDisposable
{
    private readonly VirtualKeyFeed feed;

    public VirtualKeyTestHost(GatewayDatabase database, VirtualKeyOptions? options = null, TimeProvider? timeProvider = null)
    {
        var settings = Options.Create(options ?? new VirtualKeyOptions());
        var time = timeProvider ?? TimeProvider.System;
        Repository = new VirtualKeyRepository(database);
        Cache = new VirtualKeyCache(time, settings);
        feed = new VirtualKeyFeed(database, Repository, Cache, settings, time, NullLogger<VirtualKeyFeed>.Instance);
    }

    public VirtualKeyRepository Repository { get; }

    public VirtualKeyCache Cache { get; }

    /// <summary>Starts following the table and waits for the first load.</summary>
    public async Task<VirtualKeyTestHost> StartAsync()
    {
        await feed.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Cache.Snapshot.Version >= 0, TimeSpan.FromSeconds(10));
        return this;
    }

    /// <summary>One read of the table's version, and a reload when it moved, as the feed does on each wake-up.</summary>
    public Task RefreshAsync() => feed.RefreshAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await feed.StopAsync(CancellationToken.None);
        feed.Dispose();
    }

    /// <summary>
    /// The same for a condition that must await (never block on a task inside a test: xunit's synchronization context has
    /// as many threads as cores, and blocked ones can deadlock the run).
    /// </summary>
    public static async Task<TimeSpan> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"the condition did not hold within {timeout}");
            await Task.Delay(10);
        }

        return clock.Elapsed;
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms; returns how long it took to hold, or fails after <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"the condition did not hold within {timeout}");
            await Task.Delay(10);
        }

        return clock.Elapsed;
    }
}
