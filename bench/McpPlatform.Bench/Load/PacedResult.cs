namespace McpPlatform.Bench.Load;

/// <summary>What the paced load measured in its window, in all and per key.</summary>
/// <param name="Keys">Per key, in name order.</param>
/// <param name="Calls">Accepted calls in the window.</param>
/// <param name="CallsPerSecond">Accepted calls per second.</param>
/// <param name="P50Ms">Median latency of the accepted calls.</param>
/// <param name="P99Ms">99th percentile latency of the accepted calls.</param>
/// <param name="Elapsed">The window's length.</param>
/// <param name="GeneratorCpuPercent">CPU this load generator used in the window, in % of one core.</param>
internal sealed record PacedResult(
    IReadOnlyList<KeyResult> Keys, long Calls, double CallsPerSecond, double P50Ms, double P99Ms, TimeSpan Elapsed, double GeneratorCpuPercent)
{
    /// <summary>Calls of any key refused by a limit (429 or <c>-32029</c>).</summary>
    public long Refused => Keys.Sum(key => key.Refused);

    /// <summary>Calls of any key that failed otherwise.</summary>
    public long Failed => Keys.Sum(key => key.Failed);

    /// <summary>The highest p99 of any one key.</summary>
    public double WorstKeyP99Ms => Keys.Count == 0 ? double.NaN : Keys.Max(key => key.P99Ms);
}
