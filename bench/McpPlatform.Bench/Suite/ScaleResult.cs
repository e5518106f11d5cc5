namespace McpPlatform.Bench.Suite;

/// <summary>The gateway holding many sessions: resident memory before, with them open, after load; p99; start time.</summary>
internal sealed record ScaleResult(int Sessions, double RssBeforeMiB, double RssOpenMiB, double RssAfterLoadMiB, double P99Ms, TimeSpan StartToHealthy);
