using System.Diagnostics;

namespace McpPlatform.Bench.Load;

/// <summary>
/// Steady load from many keys: each session makes one call, waits its think time after the answer, and calls again
/// (sessions start spread over one think time so that they do not call in lockstep). Every answer is counted by its
/// <see cref="CallOutcome"/>, so a refusal shows in the result rather than ending the run; latencies are kept per key.
/// </summary>
internal static class PacedLoad
{
    /// <summary>Runs the warm-up, then the measured window (<paramref name="measuring"/> is called as it opens).</summary>
    public static async Task<PacedResult> RunAsync(IReadOnlyList<KeySession> sessions, TimeSpan think, TimeSpan warmup, TimeSpan duration, Action? measuring = null)
    {
        await RunWindowAsync(sessions, think, warmup);
        measuring?.Invoke();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var perSession = await RunWindowAsync(sessions, think, duration);
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var keys = perSession
            .GroupBy(window => window.Key, StringComparer.Ordinal)
            .Select(group => KeyResult.Of(group.Key, group.SelectMany(window => window.Latencies), group.Sum(window => window.Refused), group.Sum(window => window.Failed)))
            .OrderBy(key => key.Key, StringComparer.Ordinal)
            .ToList();
        var all = perSession.SelectMany(window => window.Latencies).ToList();
        all.Sort();
        return new PacedResult(
            keys,
            all.Count,
            all.Count / elapsed.TotalSeconds,
            Percentiles.Of(all, 0.50),
            Percentiles.Of(all, 0.99),
            elapsed,
            100 * cpu.TotalSeconds / elapsed.TotalSeconds);
    }

    private static async Task<SessionWindow[]> RunWindowAsync(IReadOnlyList<KeySession> sessions, TimeSpan think, TimeSpan window)
    {
        using var stop = new CancellationTokenSource(window);
        return await Task.WhenAll(sessions.Select(session => Task.Run(async () =>
        {
            var result = new SessionWindow(session.Key);
            try
            {
                await Task.Delay(think * Random.Shared.NextDouble(), stop.Token);
                while (!stop.IsCancellationRequested)
                {
                    var start = Stopwatch.GetTimestamp();
                    var outcome = await CallAsync(session.Session);
                    if (stop.IsCancellationRequested)
                    {
                        break; // answered after the window closed: not part of it
                    }

                    result.Count(outcome, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    await Task.Delay(think, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }

            return result;
        })));
    }

    private static async Task<CallOutcome> CallAsync(HttpMcpSession session)
    {
        try
        {
            return await session.TryCallAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            return CallOutcome.Failed;
        }
    }

    /// <summary>What one session saw in one window.</summary>
    private sealed class SessionWindow(string key)
    {
        public string Key { get; } = key;

        public List<double> Latencies { get; } = new(1024);

        public long Refused { get; private set; }

        public long Failed { get; private set; }

        public void Count(CallOutcome outcome, double milliseconds)
        {
            switch (outcome)
            {
                case CallOutcome.Accepted:
                    Latencies.Add(milliseconds);
                    break;
                case CallOutcome.RateLimited or CallOutcome.ConcurrencyRefused:
                    Refused++;
                    break;
                default:
                    Failed++;
                    break;
            }
        }
    }
}
