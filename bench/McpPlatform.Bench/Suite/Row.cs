using McpPlatform.Bench.Load;

namespace McpPlatform.Bench.Suite;

/// <summary>
/// One line of the result table: a system under test, a workload, a concurrency, what was measured, and the CPU
/// our two servers used per call during the measured window (µs; both ~0 when the cell does not go through them).
/// </summary>
internal sealed record Row(string Group, string System, string Workload, int Concurrency, Measurement Result, double ConnectorCpuUs, double GatewayCpuUs)
{
    /// <summary>The round of the measured pass (<c>--rounds</c>; 1 in a plain run).</summary>
    public int Round { get; init; } = 1;
}
