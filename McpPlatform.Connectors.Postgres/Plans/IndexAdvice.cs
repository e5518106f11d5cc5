namespace McpPlatform.Connectors.Postgres.Plans;

/// <summary>An index the advisor recommends.</summary>
/// <param name="CreateIndex">The statement that would create it.</param>
/// <param name="Table">Its table.</param>
/// <param name="Columns">Its columns.</param>
/// <param name="EstimatedBytes">hypopg's size estimate.</param>
/// <param name="CostBefore">Total planner cost of the workload before adding it.</param>
/// <param name="CostAfter">Total planner cost of the workload with it.</param>
public sealed record IndexRecommendation(string CreateIndex, string Table, IReadOnlyList<string> Columns, long EstimatedBytes, double CostBefore, double CostAfter);

/// <summary>One query's planner cost without and with the recommended indexes.</summary>
public sealed record QueryCost(string Query, double? CostBefore, double? CostAfter, double? ImprovementPercent, string? Error);

/// <summary>The result of the index tools.</summary>
public sealed record IndexAdvice(
    string Database,
    IReadOnlyList<IndexRecommendation> Recommendations,
    IReadOnlyList<QueryCost> Queries,
    double CostBefore,
    double CostAfter,
    long TotalIndexBytes,
    int CandidatesConsidered,
    bool TimeBudgetExhausted,
    string Summary);
