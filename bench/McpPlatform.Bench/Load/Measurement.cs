namespace McpPlatform.Bench.Load;

/// <summary>What one load run measured.</summary>
/// <param name="Calls">Successful calls in the measured window.</param>
/// <param name="Errors">Failed calls in the measured window.</param>
/// <param name="CallsPerSecond">Throughput.</param>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P99Ms">99th percentile latency.</param>
/// <param name="GeneratorCpuPercent">CPU the load generator used, in % of one core: how close it came to being the bottleneck.</param>
internal sealed record Measurement(long Calls, long Errors, double CallsPerSecond, double P50Ms, double P99Ms, double GeneratorCpuPercent);
