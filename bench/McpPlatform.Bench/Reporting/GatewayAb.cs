using System.Globalization;
using System.Text;
using McpPlatform.Bench.Suite;

namespace McpPlatform.Bench.Reporting;

/// <summary>
/// The A/B table of a run with a second gateway (<c>--gateway-b</c>): each cell through the gateway beside its B twin,
/// measured right after it, with B ÷ A per round and the medians over the rounds (<c>--rounds</c>).
/// </summary>
internal static class GatewayAb
{
    public static string Table(IReadOnlyList<Row> rows)
    {
        var twins = rows.Where(row => row.System.EndsWith(Cell.GatewayBSuffix, StringComparison.Ordinal))
            .Select(row => (System: row.System[..^Cell.GatewayBSuffix.Length], row.Workload, row.Concurrency))
            .Distinct()
            .ToList();
        if (twins.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        text.AppendLine("| A/B: cell through the gateway | Workload | Sessions | A calls/s | B calls/s | B ÷ A per round | B ÷ A median | p50 ms A / B | Gateway CPU µs/call A / B |");
        text.AppendLine("|---|---|---:|---:|---:|---|---:|---:|---:|");
        foreach (var (system, workload, concurrency) in twins)
        {
            var pairs = rows.Where(row => row.System == system && row.Workload == workload && row.Concurrency == concurrency)
                .Join(rows.Where(row => row.System == system + Cell.GatewayBSuffix && row.Workload == workload && row.Concurrency == concurrency),
                    a => a.Round, b => b.Round, (a, b) => (A: a, B: b))
                .Where(pair => pair.A.Result.CallsPerSecond > 0 && pair.B.Result.CallsPerSecond > 0)
                .ToList();
            if (pairs.Count == 0)
            {
                continue;
            }

            var ratios = pairs.Select(pair => pair.B.Result.CallsPerSecond / pair.A.Result.CallsPerSecond).ToList();
            text.AppendLine(Invariant($"| {system} | {workload} | {concurrency} | {Median(pairs.Select(pair => pair.A.Result.CallsPerSecond)):0} | {Median(pairs.Select(pair => pair.B.Result.CallsPerSecond)):0} | {string.Join(" · ", ratios.Select(ratio => ratio.ToString("0.00", CultureInfo.InvariantCulture)))} | **{Median(ratios):0.00}x** | {Median(pairs.Select(pair => pair.A.Result.P50Ms)):0.000} / {Median(pairs.Select(pair => pair.B.Result.P50Ms)):0.000} | {Median(pairs.Select(pair => pair.A.GatewayCpuUs)):0} / {Median(pairs.Select(pair => pair.B.GatewayCpuUs)):0} |"));
        }

        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
