using System.Diagnostics;
using McpPlatform.Connectors.Postgres.Sql.Safety;

namespace McpPlatform.Connectors.Postgres.Plans;

/// <summary>
/// Recommends indexes for a set of read queries: candidates from the columns the plans filter, join and sort
/// on, each costed by the planner with a hypothetical index (hypopg), chosen greedily while the workload's
/// total cost drops by at least <see cref="MinimumGain"/> and the indexes fit the size budget and time budget.
/// </summary>
public static class IndexAdvisor
{
    /// <summary>An index must cut the workload's total cost by at least this share to be recommended.</summary>
    public const double MinimumGain = 0.01;

    public static async Task<IndexAdvice> AdviseAsync(
        PlanSession session, string database, IReadOnlyList<string> queries, long maxIndexBytes, TimeSpan timeBudget, CancellationToken cancellationToken)
    {
        if (!session.HasHypopg)
        {
            throw new ModelContextProtocol.McpException("Index advice needs the hypopg extension: CREATE EXTENSION hypopg (Debian package postgresql-15-hypopg).");
        }

        var clock = Stopwatch.StartNew();
        var baseline = new Dictionary<string, double>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var candidates = new List<HypotheticalIndex>();
        foreach (var query in queries.Distinct(StringComparer.Ordinal))
        {
            if (RestrictedSqlGuard.Check(query) is { } refusal)
            {
                errors[query] = "Not analyzed: " + refusal;
                continue;
            }

            var (plan, error) = await session.TryAsync(() => session.ExplainAsync(query, analyze: false, verbose: true, cancellationToken), cancellationToken);
            if (error is not null)
            {
                errors[query] = $"Not analyzed: PostgreSQL error {error.SqlState}: {error.MessageText}";
                continue;
            }

            baseline[query] = PlanSummary.TotalCost(plan);
            candidates.AddRange(IndexCandidates.FromPlan(plan));
        }

        candidates = [.. candidates.DistinctBy(candidate => candidate.ToString(), StringComparer.Ordinal)];
        var analyzed = baseline.Keys.ToList();
        var before = baseline.Values.Sum();
        var current = before;
        var usedBytes = 0L;
        var chosen = new List<IndexRecommendation>();
        var remaining = new List<HypotheticalIndex>(candidates);
        var exhausted = false;

        while (remaining.Count > 0 && !exhausted)
        {
            (HypotheticalIndex Index, double Cost, long Bytes)? best = null;
            foreach (var candidate in remaining.ToList())
            {
                if (clock.Elapsed > timeBudget)
                {
                    exhausted = true;
                    break;
                }

                var (created, error) = await session.TryAsync(() => session.CreateHypotheticalIndexAsync(candidate, cancellationToken), cancellationToken);
                if (error is not null)
                {
                    remaining.Remove(candidate); // e.g. a column the index method cannot take.
                    continue;
                }

                var (oid, bytes) = created;

                try
                {
                    if (usedBytes + bytes > maxIndexBytes)
                    {
                        remaining.Remove(candidate);
                        continue;
                    }

                    var cost = await TotalCostAsync(session, analyzed, cancellationToken);
                    if (cost < current * (1 - MinimumGain) && (best is null || cost < best.Value.Cost))
                    {
                        best = (candidate, cost, bytes);
                    }
                }
                finally
                {
                    await session.DropHypotheticalIndexAsync(oid, cancellationToken);
                }
            }

            if (best is not { } winner)
            {
                break;
            }

            await session.CreateHypotheticalIndexAsync(winner.Index, cancellationToken);
            chosen.Add(new IndexRecommendation(winner.Index.ToCreateIndexSql(), winner.Index.Table, winner.Index.Columns, winner.Bytes, current, winner.Cost));
            usedBytes += winner.Bytes;
            current = winner.Cost;
            remaining.Remove(winner.Index);
        }

        var after = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var query in analyzed)
        {
            after[query] = PlanSummary.TotalCost(await session.ExplainAsync(query, analyze: false, verbose: false, cancellationToken));
        }

        var perQuery = queries.Distinct(StringComparer.Ordinal).Select(query => errors.TryGetValue(query, out var error)
            ? new QueryCost(Shorten(query), null, null, null, error)
            : new QueryCost(Shorten(query), baseline[query], after[query], Improvement(baseline[query], after[query]), null)).ToList();

        var summary = chosen.Count == 0
            ? $"No index cuts the planner cost of these queries by {MinimumGain:P0} or more within the budget ({candidates.Count} candidates tried)."
            : $"{chosen.Count} index(es) cut the total planner cost from {before:0.##} to {current:0.##} ({Improvement(before, current):0.#}% less), {usedBytes / 1024.0:0.#} KiB in all. Costs are the planner's estimates: check with EXPLAIN ANALYZE after creating an index.";
        return new IndexAdvice(database, chosen, perQuery, before, current, usedBytes, candidates.Count, exhausted, summary);
    }

    private static async Task<double> TotalCostAsync(PlanSession session, IReadOnlyList<string> queries, CancellationToken cancellationToken)
    {
        var total = 0.0;
        foreach (var query in queries)
        {
            total += PlanSummary.TotalCost(await session.ExplainAsync(query, analyze: false, verbose: false, cancellationToken));
        }

        return total;
    }

    private static double Improvement(double before, double after) => before <= 0 ? 0 : Math.Round(100 * (before - after) / before, 1);

    private static string Shorten(string query) => query.Length <= 500 ? query : query[..500] + "…";
}
