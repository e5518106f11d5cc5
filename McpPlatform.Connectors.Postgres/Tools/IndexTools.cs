using System.ComponentModel;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Plans;
using McpPlatform.Connectors.Postgres.Sql;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>Index recommendations, costed by the planner with hypothetical indexes.</summary>
[McpServerToolType]
public sealed class IndexTools(TrustedQuery query, DatabaseRegistry databases, IOptions<SqlExecutionOptions> options)
{
    private const int MaxQueries = 10;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(20);

    // Statements that mention a name outside the shown schemas are not analyzed (ScopeSql.Mentions).
    private static readonly string WorkloadSql = $"""
        WITH {ScopeSql.OutsideNamesCte(2)}
        SELECT query FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query ~* '^\s*(select|with)\s' AND calls > 0 AND NOT {ScopeSql.Mentions("query")}
        ORDER BY total_exec_time DESC
        LIMIT $1
        """;

    [McpServerTool(Name = "analyze_query_indexes", Title = "Recommend indexes for queries", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Recommends indexes for up to 10 read queries: candidates from the columns they filter, join and sort on, costed by the planner with hypothetical indexes (hypopg), chosen greedily within a size budget and a time budget. Reports each query's cost before and after and each index's estimated size. Creates nothing.")]
    public Task<IndexAdvice> AnalyzeQueryIndexesAsync(
        [Description("Up to 10 read queries (SELECT/WITH); $1-style parameters are allowed.")] string[] queries,
        [Description("Most megabytes all recommended indexes may take together. Default 10000.")] int max_index_size_mb = 10000,
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default)
    {
        var target = databases.Resolve(database);
        var list = (queries ?? []).Where(q => !string.IsNullOrWhiteSpace(q)).ToList();
        if (list.Count == 0 || list.Count > MaxQueries)
        {
            throw new McpException($"Pass between 1 and {MaxQueries} queries.");
        }

        return AdviseAsync(target, list, max_index_size_mb, cancellationToken);
    }

    [McpServerTool(Name = "analyze_workload_indexes", Title = "Recommend indexes for the workload", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Recommends indexes for this database's heaviest read statements (top 10 by total time in pg_stat_statements), as analyze_query_indexes does. Creates nothing.")]
    public Task<IndexAdvice> AnalyzeWorkloadIndexesAsync(
        [Description("Most megabytes all recommended indexes may take together. Default 10000.")] int max_index_size_mb = 10000,
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default)
    {
        var target = databases.Resolve(database);
        return ToolErrors.GuardAsync(async () =>
        {
            if (!await query.HasExtensionAsync(target, "pg_stat_statements", cancellationToken))
            {
                throw new McpException($"pg_stat_statements is not installed in database '{target.Name}': the workload is read from it (see get_top_queries).");
            }

            var rows = await query.RowsAsync(target, WorkloadSql, cancellationToken, MaxQueries, target.Schemas.Parameter());
            var workload = rows.Select(row => (string)row["query"]!).ToList();
            if (workload.Count == 0)
            {
                throw new McpException("pg_stat_statements holds no read statements for this database yet.");
            }

            return await AdviseAsync(target, workload, max_index_size_mb, cancellationToken);
        });
    }

    private Task<IndexAdvice> AdviseAsync(DatabaseTarget target, IReadOnlyList<string> queries, int maxIndexSizeMb, CancellationToken cancellationToken) =>
        ToolErrors.GuardAsync(async () =>
        {
            await using var session = await PlanSession.OpenAsync(target, options.Value, cancellationToken);
            var budget = Math.Max(1, maxIndexSizeMb) * 1024L * 1024L;
            return await IndexAdvisor.AdviseAsync(session, target.Name, queries, budget, TimeBudget, cancellationToken);
        });
}
