using System.ComponentModel;
using System.Text.Json.Nodes;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Plans;
using McpPlatform.Connectors.Postgres.Sql;
using McpPlatform.Connectors.Postgres.Sql.Safety;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>The result of <c>explain_query</c>.</summary>
public sealed record ExplainResult(string Database, string Summary, double TotalCost, bool Analyzed, IReadOnlyList<string> HypotheticalIndexes, JsonObject Plan);

/// <summary>The result of <c>get_top_queries</c>.</summary>
public sealed record TopQueries(string Database, string SortBy, IReadOnlyList<JsonObject> Queries);

/// <summary>Plans and query statistics.</summary>
[McpServerToolType]
public sealed class QueryPlanTools(TrustedQuery query, DatabaseRegistry databases, IOptions<SqlExecutionOptions> options, RestrictedSqlPolicy policy)
{
    // Statements that mention a name outside the shown schemas are left out (ScopeSql.Mentions).
    private static readonly string TopQueriesSql = $"""
        WITH {ScopeSql.OutsideNamesCte(3)}, s AS (
            SELECT s.queryid, s.query, s.calls, s.rows,
                   s.total_exec_time, s.mean_exec_time,
                   s.shared_blks_hit + s.shared_blks_read AS blocks_accessed, s.shared_blks_read AS blocks_read,
                   s.shared_blks_dirtied AS blocks_dirtied, s.wal_bytes
            FROM pg_stat_statements s
            WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND NOT {ScopeSql.Mentions("s.query")}
        ), shares AS (
            SELECT s.*,
                   greatest(
                       s.total_exec_time / nullif(sum(s.total_exec_time) OVER (), 0),
                       s.blocks_accessed / nullif(sum(s.blocks_accessed) OVER (), 0),
                       s.blocks_read / nullif(sum(s.blocks_read) OVER (), 0),
                       s.blocks_dirtied / nullif(sum(s.blocks_dirtied) OVER (), 0),
                       s.wal_bytes / nullif(sum(s.wal_bytes) OVER (), 0)) AS resource_share
            FROM s
        )
        SELECT queryid::text AS query_id, left(query, 4000) AS query, calls, rows,
               round(total_exec_time::numeric, 3) AS total_exec_ms, round(mean_exec_time::numeric, 3) AS mean_exec_ms,
               blocks_accessed, blocks_read, blocks_dirtied, wal_bytes,
               round(coalesce(resource_share, 0)::numeric * 100, 2) AS max_resource_share_percent
        FROM shares
        ORDER BY CASE $1 WHEN 'total_time' THEN total_exec_time WHEN 'mean_time' THEN mean_exec_time ELSE coalesce(resource_share, 0) END DESC
        LIMIT $2
        """;

    private static readonly HashSet<string> SortOrders = new(StringComparer.Ordinal) { "total_time", "mean_time", "resources" };

    [McpServerTool(Name = "explain_query", Title = "Explain a query", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Shows PostgreSQL's plan for a query as JSON plus a readable summary. analyze=true runs the query (reads only, in a read-only transaction that is rolled back) to show real times. hypothetical_indexes lets the planner consider indexes that do not exist (hypopg), to see whether they would help. Queries with $1-style parameters get a generic plan.")]
    public async Task<ExplainResult> ExplainQueryAsync(
        [Description("One read statement (SELECT, WITH, VALUES or TABLE), without EXPLAIN.")] string sql,
        [Description("Run the query to get actual times and rows (reads only). Default false.")] bool analyze = false,
        [Description("Indexes to pretend exist, e.g. [{\"table\": \"demo.orders\", \"columns\": [\"customer_id\"]}]. Needs the hypopg extension; not with analyze.")] HypotheticalIndex[]? hypothetical_indexes = null,
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default)
    {
        var target = databases.Resolve(database);
        var hypothetical = hypothetical_indexes ?? [];
        // Whatever the access mode, only reads are explained, so EXPLAIN ANALYZE can never execute a write.
        if (await policy.CheckAsync(target, sql, cancellationToken) is { } refusal)
        {
            throw new McpException($"Refused: {refusal}");
        }

        if (SqlLexer.Tokenize(sql).FirstOrDefault(token => token.Kind == SqlTokenKind.Word) is { } first && first.IsWord("EXPLAIN"))
        {
            throw new McpException("Pass the query without EXPLAIN: the tool adds it.");
        }

        if (analyze && hypothetical.Length > 0)
        {
            throw new McpException("Hypothetical indexes only exist for the planner: use them with analyze=false.");
        }

        return await ToolErrors.GuardAsync(async () =>
        {
            await using var session = await PlanSession.OpenAsync(target, options.Value, cancellationToken);
            var created = new List<string>();
            foreach (var index in hypothetical)
            {
                try
                {
                    await session.CreateHypotheticalIndexAsync(index, cancellationToken);
                }
                catch (ArgumentException ex)
                {
                    throw new McpException(ex.Message);
                }

                created.Add(index.ToCreateIndexSql());
            }

            var plan = await session.ExplainAsync(sql, analyze, verbose: false, cancellationToken);
            return new ExplainResult(target.Name, PlanSummary.Render(plan), PlanSummary.TotalCost(plan), analyze, created, JsonNode.Parse(plan.GetRawText())!.AsObject());
        });
    }

    [McpServerTool(Name = "get_top_queries", Title = "Top queries", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("The slowest or costliest statements of this database, from pg_stat_statements: sort by total_time, mean_time or resources (the largest share of time, blocks read/dirtied/accessed or WAL).")]
    public async Task<TopQueries> GetTopQueriesAsync(
        [Description("total_time (default), mean_time or resources.")] string sort_by = "total_time",
        [Description("How many statements (1-100). Default 10.")] int limit = 10,
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default)
    {
        var target = databases.Resolve(database);
        var sort = sort_by.Trim().ToLowerInvariant();
        if (!SortOrders.Contains(sort))
        {
            throw new McpException($"Unknown sort_by '{sort_by}': use total_time, mean_time or resources.");
        }

        return await ToolErrors.GuardAsync(async () =>
        {
            if (!await query.HasExtensionAsync(target, "pg_stat_statements", cancellationToken))
            {
                throw new McpException(
                    $"pg_stat_statements is not installed in database '{target.Name}'. Add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf, restart, then run CREATE EXTENSION pg_stat_statements in the database.");
            }

            var rows = await query.RowsAsync(target, TopQueriesSql, cancellationToken, sort, Math.Clamp(limit, 1, 100), target.Schemas.Parameter());
            return new TopQueries(target.Name, sort, rows);
        });
    }
}
