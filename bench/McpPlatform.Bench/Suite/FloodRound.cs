using McpPlatform.Bench.Load;

namespace McpPlatform.Bench.Suite;

/// <summary>One round of the flood run: the normal keys alone, then the same with the flooder running.</summary>
/// <param name="Round">1-based.</param>
/// <param name="Unloaded">The normal keys with no flooder.</param>
/// <param name="UnloadedGatewayCpuPercent">The gateway's CPU in that window, in % of one core.</param>
/// <param name="Flooded">The normal keys while the flooder ran.</param>
/// <param name="FloodedGatewayCpuPercent">The gateway's CPU in that window, in % of one core.</param>
/// <param name="Flood">What the flooder got.</param>
internal sealed record FloodRound(
    int Round, PacedResult Unloaded, double UnloadedGatewayCpuPercent, PacedResult Flooded, double FloodedGatewayCpuPercent, FloodResult Flood)
{
    /// <summary>The normal keys' p99 with the flooder ÷ without it (the target: at most 2).</summary>
    public double P99Ratio => Flooded.P99Ms / Unloaded.P99Ms;
}
