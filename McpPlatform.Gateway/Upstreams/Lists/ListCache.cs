using System.Text.Json;
using ModelContextProtocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// One list of one upstream, stale-while-revalidate: once the upstream has listed it, every request gets the last
/// listing at once, and a listing older than the TTL (or invalidated by the upstream's <c>list_changed</c>) sets off
/// one refresh in the background; no request waits for it. Only before the first listing does a request wait, and
/// then for at most the list deadline counted from when that listing started: a server that hangs costs each client
/// request at most that once, and nothing after the deadline. Lock-free: one refresh runs at a time (compare and swap).
/// </summary>
public sealed class ListCache<T>
{
    private readonly string kind;
    private readonly Func<CancellationToken, Task<IReadOnlyList<T>>> fetch;
    private readonly TimeSpan ttl;
    private readonly TimeProvider time;
    private readonly Action<string, bool> listed;
    private readonly Action<string> missedDeadline;
    private ListSnapshot<T>? current;
    private Refresh? running;
    private long generation;

    /// <param name="kind">What is listed, for logs and metrics (<c>tools</c>).</param>
    /// <param name="fetch">Asks the upstream (bounded by its request timeout).</param>
    /// <param name="ttl">How long a listing is used before it is refreshed.</param>
    /// <param name="time">The clock.</param>
    /// <param name="listed">Told after each refresh: the kind, and whether the items changed (not on the first listing).</param>
    /// <param name="missedDeadline">Told once per first listing that kept a request waiting past its deadline.</param>
    public ListCache(
        string kind, Func<CancellationToken, Task<IReadOnlyList<T>>> fetch, TimeSpan ttl, TimeProvider time, Action<string, bool> listed, Action<string> missedDeadline)
    {
        this.missedDeadline = missedDeadline;
        this.kind = kind;
        this.fetch = fetch;
        this.ttl = ttl;
        this.time = time;
        this.listed = listed;
    }

    /// <summary>What is listed (<c>tools</c>).</summary>
    public string Kind => kind;

    /// <summary>The last listing, however old; null before the first.</summary>
    public ListSnapshot<T>? Current => Volatile.Read(ref current);

    /// <summary>
    /// The last listing (refreshed in the background when it is old), or, before the first one, the first listing if it
    /// comes within <paramref name="deadline"/> of when it was started; null when it does not (or failed).
    /// </summary>
    public ValueTask<ListSnapshot<T>?> GetAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref current);
        if (snapshot is null)
        {
            return FirstAsync(deadline, cancellationToken);
        }

        if (snapshot.Generation < Volatile.Read(ref generation) || time.GetUtcNow() - snapshot.FetchedAt >= ttl)
        {
            _ = Start(); // the refresh records its own failure; this request keeps the listing it has
        }

        return ValueTask.FromResult<ListSnapshot<T>?>(snapshot);
    }

    /// <summary>Lists again now (joining a refresh already running): what the health monitor's probe does.</summary>
    public Task<ListSnapshot<T>?> RefreshAsync() => Start().Task;

    /// <summary>
    /// The upstream said the list changed (or its session was replaced): the next request sets off a refresh, and one
    /// starts now. The task completes when a listing taken after this call is in.
    /// </summary>
    public Task<ListSnapshot<T>?> Invalidate()
    {
        Interlocked.Increment(ref generation);
        var refresh = Start();
        return refresh.Generation >= Volatile.Read(ref generation) ? refresh.Task : AfterAsync(refresh.Task);
    }

    /// <summary>Marks the listing old without asking the upstream now (a lost session: the next request refreshes).</summary>
    public void MarkStale() => Interlocked.Increment(ref generation);

    /// <summary>True while a first listing that has missed its deadline is still running (for the status API).</summary>
    public bool MissedDeadline => Volatile.Read(ref running) is { Reported: 1 } && Current is null;

    /// <summary>A listing (first or refresh) has been running for longer than <paramref name="deadline"/>: the server is slow or stuck.</summary>
    public bool Overdue(TimeSpan deadline) => Volatile.Read(ref running) is { } refresh && time.GetElapsedTime(refresh.StartedAt) > deadline;

    private async Task<ListSnapshot<T>?> AfterAsync(Task<ListSnapshot<T>?> earlier)
    {
        await earlier;
        return await Start().Task; // the refresh that was running had started before the invalidation
    }

    private async ValueTask<ListSnapshot<T>?> FirstAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var refresh = Start();
        var left = deadline - time.GetElapsedTime(refresh.StartedAt);
        try
        {
            if (left > TimeSpan.Zero)
            {
                return await refresh.Task.WaitAsync(left, time, cancellationToken);
            }
        }
        catch (TimeoutException)
        {
        }

        refresh.ReportMissed(kind);
        return null;
    }

    private Refresh Start()
    {
        while (true)
        {
            if (Volatile.Read(ref running) is { } existing)
            {
                return existing;
            }

            var refresh = new Refresh(time.GetTimestamp(), Volatile.Read(ref generation), missedDeadline);
            if (Interlocked.CompareExchange(ref running, refresh, null) is null)
            {
                _ = RunAsync(refresh);
                return refresh;
            }
        }
    }

    private async Task RunAsync(Refresh refresh)
    {
        await Task.Yield(); // the request that started it goes on at once
        using var noClientHeaders = ForwardedHeaders.Suppress(); // the refreshed list serves every client
        ListSnapshot<T>? result = null;
        try
        {
            var items = await fetch(CancellationToken.None);
            var previous = Volatile.Read(ref current);
            var changed = previous is not null && !SameItems(previous.Items, items);
            var version = previous is null ? 1 : changed ? previous.Version + 1 : previous.Version;
            var snapshot = new ListSnapshot<T>(items, version, time.GetUtcNow(), refresh.Generation);
            Volatile.Write(ref current, snapshot);
            listed(kind, changed);
            result = snapshot;
        }
        catch (UpstreamUnavailableException)
        {
            // Recorded in the upstream's health; the last listing stays the last known one.
        }
        catch (McpException)
        {
            // The upstream refused to list (it answered, so it is up).
        }
        finally
        {
            Volatile.Write(ref running, null); // before completing: a waiter that starts again gets a new refresh
            refresh.Complete(result);
        }
    }

    /// <summary>Whether two listings hold the same items, compared as the JSON a client would get.</summary>
    private static bool SameItems(IReadOnlyList<T> before, IReadOnlyList<T> after) =>
        before.Count == after.Count
        && JsonSerializer.SerializeToUtf8Bytes(before, McpJsonUtilities.DefaultOptions)
            .AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(after, McpJsonUtilities.DefaultOptions));

    /// <summary>One listing in flight, shared by every request that waits for it.</summary>
    private sealed class Refresh(long startedAt, long generation, Action<string> missed)
    {
        private readonly TaskCompletionSource<ListSnapshot<T>?> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int reported;

        public long StartedAt { get; } = startedAt;

        public long Generation { get; } = generation;

        public Task<ListSnapshot<T>?> Task => completion.Task;

        public void Complete(ListSnapshot<T>? result) => completion.SetResult(result);

        public int Reported => Volatile.Read(ref reported);

        public void ReportMissed(string kind)
        {
            if (Interlocked.Exchange(ref reported, 1) == 0)
            {
                missed(kind);
            }
        }
    }
}
