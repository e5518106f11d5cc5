namespace McpPlatform.Bench.Load;

/// <summary>One key's share of a paced window.</summary>
internal sealed record KeyResult(string Key, long Calls, double P50Ms, double P99Ms, long Refused, long Failed)
{
    public static KeyResult Of(string key, IEnumerable<double> latencies, long refused, long failed)
    {
        var sorted = latencies.Order().ToList();
        return new KeyResult(key, sorted.Count, Percentiles.Of(sorted, 0.50), Percentiles.Of(sorted, 0.99), refused, failed);
    }
}
