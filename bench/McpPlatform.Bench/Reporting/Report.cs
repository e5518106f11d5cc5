using System.Globalization;
using System.Text;
using McpPlatform.Bench.Suite;

namespace McpPlatform.Bench.Reporting;

/// <summary>The result table and the ratios the targets are stated in (docs/benchmarks.md).</summary>
internal sealed class Report(IReadOnlyList<Row> rows, ScaleResult? scale, BenchOptions options)
{
    private const string Connector = "our connector (HTTP)";
    private const string Proxy = "server-postgres via mcp-proxy";
    private const string ConnectorStdio = "our connector (stdio)";

    /// <summary>The strongest alternatives a user would pick, each on every transport it offers (issue 16).</summary>
    private static readonly string[] Peers = ["server-postgres (stdio)", Proxy, "dbhub (stdio)", "dbhub (HTTP)"];

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| Group | System | Workload | Sessions | Calls/s | p50 ms | p99 ms | Load-gen CPU % | Connector CPU µs/call | Gateway CPU µs/call |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var round = options.Rounds > 1 ? $" (round {row.Round})" : "";
            text.AppendLine(Invariant($"| {row.Group} | {row.System}{round} | {row.Workload} | {row.Concurrency} | {row.Result.CallsPerSecond:0} | {row.Result.P50Ms:0.000} | {row.Result.P99Ms:0.000} | {row.Result.GeneratorCpuPercent:0} | {row.ConnectorCpuUs:0} | {row.GatewayCpuUs:0} |"));
        }

        return text.ToString();
    }

    public string Ratios()
    {
        var text = new StringBuilder();
        text.AppendLine("| Comparison | Workload | Sessions | Value | Target |");
        text.AppendLine("|---|---|---:|---:|---|");
        foreach (var workload in new[] { "SELECT 1", "100 rows" })
        {
            foreach (var concurrency in new[] { 1, 16 })
            {
                var ours = Find(Connector, workload, concurrency);
                var target = concurrency == 1 ? 4 : 6;
                Line(text, "connector ÷ server-postgres via mcp-proxy (calls/s)", workload, concurrency, Ratio(ours, Find(Proxy, workload, concurrency)), workload == "SELECT 1" ? $"≥ {target}x" : "");
                Line(text, "connector ÷ server-postgres stdio (calls/s)", workload, concurrency, Ratio(ours, Find("server-postgres (stdio)", workload, concurrency)), "");
                Line(text, "connector ÷ raw Npgsql (calls/s)", workload, concurrency, Ratio(ours, Find("raw Npgsql (floor)", workload, concurrency)), "");
                Line(text, "connector p50", workload, concurrency, Invariant($"{ours?.Result.P50Ms:0.000} ms"), workload == "SELECT 1" ? "≤ 0.4 ms" : "");
                PeerLines(text, workload, concurrency, ours);
                foreach (var route in new[] { "gateway /mcp (aggregate)", "gateway /mcp/postgres_main", "gateway /mcp/postgres_stateless (upstream 2026-07-28)" })
                {
                    var hop = Find(route, workload, concurrency);
                    Line(text, $"{route}: added p50 / p99", workload, concurrency,
                        Invariant($"+{hop?.Result.P50Ms - ours?.Result.P50Ms:0.000} / +{hop?.Result.P99Ms - ours?.Result.P99Ms:0.000} ms"), "≤ +0.2 ms p50");
                    Line(text, $"{route} ÷ direct (calls/s)", workload, concurrency, Ratio(hop, ours), concurrency == 16 ? "≥ 0.7x" : "");
                }

                // The same hop for 2026-07-28 (stateless) clients, and what stateless requests cost the connector itself.
                var statelessDirect = Find("our connector, client 2026-07-28 (stateless)", workload, concurrency);
                var statelessHop = Find("gateway /mcp/postgres_main, client 2026-07-28 (stateless)", workload, concurrency);
                if (statelessDirect is not null && statelessHop is not null)
                {
                    Line(text, "client 2026-07-28: gateway ÷ direct (calls/s)", workload, concurrency, Ratio(statelessHop, statelessDirect), "");
                    Line(text, "client 2026-07-28: gateway added p50", workload, concurrency, Invariant($"+{statelessHop.Result.P50Ms - statelessDirect.Result.P50Ms:0.000} ms"), "");
                    Line(text, "client 2026-07-28 ÷ 2025-11-25 session, connector (calls/s)", workload, concurrency, Ratio(statelessDirect, ours), "");
                }
            }
        }

        // The upstream's own ceiling: the best its stdio reached in this run, at any number of sessions.
        var ceiling = rows.Where(row => row.System == "server-everything (stdio, own ceiling)").MaxBy(row => row.Result.CallsPerSecond);
        foreach (var concurrency in new[] { 1, 16 })
        {
            var viaGateway = Find("server-everything via our gateway", "echo", concurrency);
            Line(text, "stdio upstream: our gateway ÷ mcp-proxy (calls/s)", "echo", concurrency, Ratio(viaGateway, Find("server-everything via mcp-proxy", "echo", concurrency)), "≥ 3x");
            Line(text, "stdio upstream: our gateway ÷ the upstream's own ceiling (best direct calls/s)", "echo", concurrency, Ratio(viaGateway, ceiling), "≥ 0.8x");
        }

        if (scale is null)
        {
            return text.ToString(); // not measured in this run (--only)
        }

        Line(text, $"gateway RSS: idle / {scale.Sessions} sessions open / after load", "", scale.Sessions,
            Invariant($"{scale.RssBeforeMiB:0} / {scale.RssOpenMiB:0} / {scale.RssAfterLoadMiB:0} MiB"), options.Smoke ? "" : "≤ 250 MB");
        Line(text, $"gateway p99 over {scale.Sessions} sessions", "SELECT 1", 16, Invariant($"{scale.P99Ms:0.000} ms"), "");
        Line(text, "gateway start to healthy (median of 3)", "", 0, Invariant($"{scale.StartToHealthy.TotalMilliseconds:0} ms"), "");
        return text.ToString();
    }

    /// <summary>Our connector on its best transport, and on each, against the faster peer on its best transport.</summary>
    private void PeerLines(StringBuilder text, string workload, int concurrency, Row? http)
    {
        var best = Fastest(Peers.Select(peer => Find(peer, workload, concurrency)));
        var stdio = Find(ConnectorStdio, workload, concurrency);
        if (best is null || stdio is null)
        {
            return; // not measured in this run (--only)
        }

        var bestStdioPeer = Fastest(Peers.Where(peer => peer.EndsWith("(stdio)", StringComparison.Ordinal)).Select(peer => Find(peer, workload, concurrency)));
        Line(text, "connector (best transport) ÷ best peer (calls/s)", workload, concurrency, Versus(Fastest([http, stdio]), best), "≥ 1.5x");
        Line(text, "connector (stdio) ÷ best peer (calls/s)", workload, concurrency, Versus(stdio, best), "");
        Line(text, "connector (HTTP) ÷ best peer (calls/s)", workload, concurrency, Versus(http, best), "");
        Line(text, "connector (stdio) ÷ best stdio peer (calls/s)", workload, concurrency, Versus(stdio, bestStdioPeer), "");
    }

    private static Row? Fastest(IEnumerable<Row?> candidates) =>
        candidates.Where(row => row is { Result.Calls: > 0 }).MaxBy(row => row!.Result.CallsPerSecond);

    private static string Versus(Row? ours, Row? peer) =>
        ours is null || peer is null ? "n/a" : Invariant($"{Ratio(ours, peer)} ({ours.System} {ours.Result.CallsPerSecond:0} vs {peer.System} {peer.Result.CallsPerSecond:0})");

    private Row? Find(string system, string workload, int concurrency) =>
        rows.FirstOrDefault(row => row.System == system && row.Workload == workload && row.Concurrency == concurrency);

    private static string Ratio(Row? numerator, Row? denominator) =>
        numerator is null || denominator is null || denominator.Result.CallsPerSecond == 0
            ? "n/a"
            : Invariant($"{numerator.Result.CallsPerSecond / denominator.Result.CallsPerSecond:0.00}x");

    private static void Line(StringBuilder text, string comparison, string workload, int concurrency, string value, string target) =>
        text.AppendLine(Invariant($"| {comparison} | {workload} | {concurrency} | {value} | {target} |"));

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
