using System.Diagnostics;

namespace McpPlatform.Bench.Load;

/// <summary>
/// One key flooding: <c>callers</c> workers, each sending the next call as soon as the last one was answered (no think
/// time, no backing off on 429 or <c>Retry-After</c>), until told to stop. Each caller is a 2026-07-28 client (stateless
/// requests, the MCP C# SDK client's default): every request it sends is a <c>tools/call</c>, so its accepted calls can be
/// compared with the key's requests-per-minute limit exactly (a 2025-11-25 session's set-up requests would count against
/// the same limit).
/// </summary>
internal static class FloodLoad
{
    /// <summary>Floods until <paramref name="stop"/>; <paramref name="started"/> is called when the first answer arrives.</summary>
    public static async Task<FloodResult> RunAsync(
        HttpClient http, Uri endpoint, string key, string tool, string argumentsJson, int callers, Action started, CancellationToken stop)
    {
        var sessions = new List<HttpMcpSession>();
        for (var i = 0; i < callers; i++)
        {
            sessions.Add(await HttpMcpSession.OpenAsync(http, endpoint, key, tool, argumentsJson, stateless: true, CancellationToken.None)); // sends nothing
        }

        var counts = new long[Enum.GetValues<CallOutcome>().Length];
        string? firstFailure = null;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var answered = 0;
        var workers = sessions.Select(session => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                CallOutcome outcome;
                try
                {
                    outcome = await session.TryCallAsync(CancellationToken.None); // a call once sent is answered and counted
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
                {
                    Interlocked.CompareExchange(ref firstFailure, ex.Message, null);
                    outcome = CallOutcome.Failed;
                }

                if (outcome == CallOutcome.Failed)
                {
                    Interlocked.CompareExchange(ref firstFailure, "an answer that was neither a result nor a refusal", null);
                }

                Interlocked.Increment(ref counts[(int)outcome]);
                if (Interlocked.Exchange(ref answered, 1) == 0)
                {
                    started(); // the flood is on (its code compiled, its connections open) only once an answer came back
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        return new FloodResult(
            counts.Sum(),
            counts[(int)CallOutcome.Accepted],
            counts[(int)CallOutcome.RateLimited],
            counts[(int)CallOutcome.ConcurrencyRefused],
            counts[(int)CallOutcome.Failed],
            elapsed.TotalSeconds,
            100 * cpu.TotalSeconds / elapsed.TotalSeconds,
            firstFailure);
    }
}
