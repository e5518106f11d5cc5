using System.Globalization;
using System.Text;
using McpPlatform.Bench.Load;
using McpPlatform.Bench.Suite;

namespace McpPlatform.Bench.Reporting;

/// <summary>
/// The flood run's tables: the normal keys unloaded and flooded, the flooder against its limits, and the checks the
/// issue states (p99 within 2x; the limits hold; no normal key refused). <see cref="Passed"/> is what the run's exit
/// code says: the limits and the absence of refusals and errors; not the p99 ratio, which a shared machine can move.
/// </summary>
internal sealed class FloodReport(IReadOnlyList<FloodRound> rounds, FloodOptions options, string conditions)
{
    public const double P99RatioTarget = 2.0;

    public double MedianP99Ratio
    {
        get
        {
            var ratios = rounds.Select(round => round.P99Ratio).Order().ToList();
            return ratios.Count == 0 ? double.NaN : ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[(ratios.Count / 2) - 1] + ratios[ratios.Count / 2]) / 2;
        }
    }

    private bool LimitsHeld => rounds.All(round => round.Flood.Accepted <= round.Flood.AcceptedBound(options.FloodRequestsPerMinute));

    private bool FloodRefused => rounds.All(round => round.Flood.RateLimited + round.Flood.ConcurrencyRefused > 0);

    private bool NormalKeysClean => rounds.All(round => round.Unloaded.Refused + round.Unloaded.Failed + round.Flooded.Refused + round.Flooded.Failed == 0);

    private bool NormalKeysServed => rounds.All(round => round.Unloaded.Calls > 0 && round.Flooded.Calls > 0);

    private bool FlooderClean => rounds.All(round => round.Flood.Failed == 0);

    public bool Passed => rounds.Count > 0 && LimitsHeld && FloodRefused && NormalKeysClean && NormalKeysServed && FlooderClean;

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine("# Flood: one key past its limits, the other keys' latency (issue 14)");
        text.AppendLine();
        text.AppendLine(conditions);
        text.AppendLine();
        text.AppendLine("| Round | Phase | Normal calls/s | p50 ms | p99 ms | Worst key's p99 ms | Normal refused | Normal errors | Gateway CPU % | Load-gen CPU % |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var round in rounds)
        {
            Phase(text, round.Round, "unloaded", round.Unloaded, round.UnloadedGatewayCpuPercent);
            Phase(text, round.Round, "flooded", round.Flooded, round.FloodedGatewayCpuPercent);
        }

        text.AppendLine();
        text.AppendLine("| Round | Flooder requests | Requests/s | Accepted | Most the rate limit lets through | 429 (rate limit) | Refused (calls in flight) | Errors | Flooder CPU % |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var round in rounds)
        {
            var (flood, rpm) = (round.Flood, options.FloodRequestsPerMinute);
            var bound = Invariant($"{flood.AcceptedBound(rpm):0} ({rpm} burst + {rpm / 60.0:0.##}/s × {flood.ElapsedSeconds:0.0} s + 2 steps of {FloodResult.RefillStep(rpm)})");
            text.AppendLine(Invariant(
                $"| {round.Round} | {flood.Requests} | {flood.RequestsPerSecond:0} | {flood.Accepted} | {bound} | {flood.RateLimited} | {flood.ConcurrencyRefused} | {flood.Failed} | {flood.CpuPercent:0} |"));
        }

        text.AppendLine();
        text.AppendLine("| Check | Value | Target | Verdict |");
        text.AppendLine("|---|---|---|---|");
        var ratios = string.Join(" · ", rounds.Select(round => Invariant($"{round.P99Ratio:0.00}")));
        text.AppendLine(Invariant($"| Normal keys' p99, flooded ÷ unloaded{(rounds.Count > 1 ? " (median of the rounds)" : "")} | {MedianP99Ratio:0.00}x{(rounds.Count > 1 ? $" ({ratios})" : "")} | ≤ {P99RatioTarget:0}x | {(MedianP99Ratio <= P99RatioTarget ? "met" : "not met")} |"));
        text.AppendLine(Invariant($"| Flooder's accepted calls ≤ what its rate limit lets through | {string.Join(" · ", rounds.Select(round => $"{round.Flood.Accepted} ≤ {round.Flood.AcceptedBound(options.FloodRequestsPerMinute):0}"))} | every round | {(LimitsHeld ? "held" : "BROKEN")} |"));
        text.AppendLine(Invariant($"| Flooder refused (429 + calls in flight) | {string.Join(" · ", rounds.Select(round => round.Flood.RateLimited + round.Flood.ConcurrencyRefused))} | > 0 (it went past its limits) | {(FloodRefused ? "yes" : "NO: the flood stayed under its limits")} |"));
        text.AppendLine(Invariant($"| Normal keys refused / errors | {rounds.Sum(round => round.Unloaded.Refused + round.Flooded.Refused)} / {rounds.Sum(round => round.Unloaded.Failed + round.Flooded.Failed)} | 0 / 0 | {(NormalKeysClean ? "met" : "NOT MET")} |"));
        text.AppendLine(Invariant($"| Flooder's errors (neither result nor refusal) | {rounds.Sum(round => round.Flood.Failed)}{FirstFailure()} | 0 | {(FlooderClean ? "met" : "NOT MET")} |"));
        text.AppendLine();
        text.AppendLine("The calls-in-flight limit shows in its refusals; how many of the flooder's calls the gateway held at once is not visible to a client.");
        return text.ToString();
    }

    private string FirstFailure() =>
        rounds.Select(round => round.Flood.FirstFailure).FirstOrDefault(failure => failure is not null) is { } failure ? $" (first: {failure.Replace('|', '/')})" : "";

    private static void Phase(StringBuilder text, int round, string phase, PacedResult result, double gatewayCpu) =>
        text.AppendLine(Invariant($"| {round} | {phase} | {result.CallsPerSecond:0} | {result.P50Ms:0.000} | {result.P99Ms:0.000} | {result.WorstKeyP99Ms:0.000} | {result.Refused} | {result.Failed} | {gatewayCpu:0} | {result.GeneratorCpuPercent:0} |"));

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
