using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Time.Testing;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>Stale-while-revalidate and the list deadline, on a fake clock (see <see cref="ListCache{T}"/>).</summary>
public sealed class ListCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private readonly FakeTimeProvider time = new();
    private readonly List<(string Kind, bool Changed)> listed = [];
    private readonly List<string> missed = [];
    private TaskCompletionSource<IReadOnlyList<string>> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int fetches;

    [Fact]
    public async Task ExpiredList_IsServedAtOnce_WhileOneRefreshRunsInTheBackground()
    {
        var cache = Cache();
        var first = cache.GetAsync(Deadline, CancellationToken.None);
        await AnswerAsync(1, "a");
        Assert.Equal(["a"], (await first)!.Items);

        time.Advance(Ttl + TimeSpan.FromSeconds(1));
        var stale = new[] { cache.GetAsync(Deadline, CancellationToken.None), cache.GetAsync(Deadline, CancellationToken.None) };

        Assert.All(stale, pending => Assert.True(pending.IsCompletedSuccessfully, "a request waited for the refresh"));
        Assert.All(stale, pending => Assert.Equal(["a"], pending.Result!.Items));
        await WaitUntilAsync(() => Volatile.Read(ref fetches) == 2); // one refresh for both requests
        await AnswerAsync(2, "a", "b");
        await WaitUntilAsync(() => cache.Current!.Items.Count == 2);
        Assert.Equal(2, cache.Current!.Version);
        Assert.Contains(("tools", true), listed);
        Assert.Equal(2, Volatile.Read(ref fetches));
    }

    [Fact]
    public async Task UnchangedRefresh_KeepsTheVersion_AndReportsNoChange()
    {
        var cache = Cache();
        var first = cache.GetAsync(Deadline, CancellationToken.None);
        await AnswerAsync(1, "a");
        await first;

        var refresh = cache.RefreshAsync();
        await WaitUntilAsync(() => Volatile.Read(ref fetches) == 2);
        await AnswerAsync(2, "a");
        await refresh;

        Assert.Equal(1, cache.Current!.Version);
        Assert.Equal([("tools", false), ("tools", false)], listed);
    }

    [Fact]
    public async Task FirstListing_MissingTheDeadline_LeavesTheServerOut_AndLaterRequestsDoNotWaitAgain()
    {
        var cache = Cache();
        var first = cache.GetAsync(Deadline, CancellationToken.None);
        Assert.False(first.IsCompleted);

        time.Advance(Deadline);
        Assert.Null(await first);
        Assert.Equal(["tools"], missed);
        Assert.True(cache.MissedDeadline);

        var later = cache.GetAsync(Deadline, CancellationToken.None); // the same listing is still running, past its deadline
        Assert.True(later.IsCompletedSuccessfully);
        Assert.Null(await later);
        Assert.Equal(["tools"], missed); // reported once per listing

        await AnswerAsync(1, "a");
        await WaitUntilAsync(() => cache.Current is not null);
        Assert.False(cache.MissedDeadline);
        Assert.Equal(["a"], (await cache.GetAsync(Deadline, CancellationToken.None))!.Items);
    }

    [Fact]
    public async Task RequestArrivingLate_WaitsOnlyWhatIsLeftOfTheDeadline()
    {
        var cache = Cache();
        _ = cache.GetAsync(Deadline, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2));

        var late = cache.GetAsync(Deadline, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1)); // 3 s after the listing started

        Assert.Null(await late);
    }

    [Fact]
    public async Task Invalidate_CompletesWithAListingTakenAfterIt()
    {
        var cache = Cache();
        var first = cache.GetAsync(Deadline, CancellationToken.None);
        await AnswerAsync(1, "a");
        await first;
        var running = cache.RefreshAsync(); // started before the change
        await WaitUntilAsync(() => Volatile.Read(ref fetches) == 2);

        var invalidated = cache.Invalidate();
        await AnswerAsync(2, "a");
        await running;
        await WaitUntilAsync(() => Volatile.Read(ref fetches) == 3); // listed again: the running one may predate the change
        await AnswerAsync(3, "a", "c");

        Assert.Equal(["a", "c"], (await invalidated)!.Items);
    }

    private ListCache<string> Cache() => new(
        "tools",
        async _ =>
        {
            var pending = answer.Task;
            Interlocked.Increment(ref fetches);
            var items = await pending;
            return items;
        },
        Ttl,
        time,
        (kind, changed) => { lock (listed) { listed.Add((kind, changed)); } },
        kind => { lock (missed) { missed.Add(kind); } });

    /// <summary>Answers the <paramref name="fetch"/>th listing once it is in flight; the next one waits for the next answer.</summary>
    private async Task AnswerAsync(int fetch, params string[] items)
    {
        await WaitUntilAsync(() => Volatile.Read(ref fetches) >= fetch);
        var current = answer;
        answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        current.SetResult(items);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
