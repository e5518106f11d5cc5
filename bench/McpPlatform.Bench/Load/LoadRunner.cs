using System.Diagnostics;

namespace McpPlatform.Bench.Load;

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers, each making one call at a time on a session (round-robin over the
/// sessions when there are more sessions than workers), first for a warm-up, then for the measured window.
/// </summary>
internal static class LoadRunner
{
    public static async Task<Measurement> RunAsync(IReadOnlyList<ICallSession> sessions, int concurrency, TimeSpan warmup, TimeSpan duration, Action? measuring = null)
    {
        await RunWindowAsync(sessions, concurrency, warmup, record: false);
        measuring?.Invoke();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (latencies, errors) = await RunWindowAsync(sessions, concurrency, duration, record: true);
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        latencies.Sort();
        return new Measurement(
            latencies.Count,
            errors,
            latencies.Count / elapsed.TotalSeconds,
            Percentiles.Of(latencies, 0.50),
            Percentiles.Of(latencies, 0.99),
            100 * cpu.TotalSeconds / elapsed.TotalSeconds);
    }

    private static async Task<(List<double> Latencies, long Errors)> RunWindowAsync(IReadOnlyList<ICallSession> sessions, int concurrency, TimeSpan window, bool record)
    {
        using var stop = new CancellationTokenSource(window);
        var next = -1;
        var errors = 0L;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var latencies = new List<double>(4096);
            while (!stop.IsCancellationRequested)
            {
                var session = sessions.Count == concurrency ? sessions[worker] : sessions[(int)((uint)Interlocked.Increment(ref next) % sessions.Count)];
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await session.CallAsync(CancellationToken.None);
                    if (record && !stop.IsCancellationRequested)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    if (Interlocked.Increment(ref errors) == 1)
                    {
                        Console.Error.WriteLine("first error: " + ex.Message);
                    }
                }
            }

            return latencies;
        })).ToList();
        var all = new List<double>();
        foreach (var latencies in await Task.WhenAll(workers))
        {
            all.AddRange(latencies);
        }

        return (all, errors);
    }
}
