using McpPlatform.Bench.Load;

namespace McpPlatform.Bench.Suite;

/// <summary>One line of the result table: a system under test, a workload, a concurrency, what was measured.</summary>
internal sealed record Row(string Group, string System, string Workload, int Concurrency, Measurement Result);
