using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpPlatform.Connectors.Postgres.Prompts;

/// <summary>Prompts that start common database conversations with the connector's tools.</summary>
[McpServerPromptType]
public sealed class PostgresPrompts
{
    [McpServerPrompt(Name = "explore_schema", Title = "Explore a schema")]
    [Description("Walks through a schema: its tables, how they relate, and sample rows.")]
    public static string ExploreSchema(
        [Description("The schema to explore, e.g. 'public'.")] string schema,
        [Description("The configured database; empty for the default.")] string? database = null) =>
        $"""
        Explore the PostgreSQL schema "{schema}"{On(database)}.
        1. Call list_objects (schema "{schema}", object_type "table", then "view") to see what is there.
        2. For each table, call get_object_details to read its columns, keys and indexes.
        3. Explain how the tables relate (foreign keys), and show a few rows of the main tables with execute_sql
           (always with LIMIT).
        Finish with a short description of what this schema stores and any design issues you noticed.
        """;

    [McpServerPrompt(Name = "tune_slow_query", Title = "Tune a slow query")]
    [Description("Finds why a query is slow and what would make it faster, without changing the database.")]
    public static string TuneSlowQuery(
        [Description("The query to tune.")] string query,
        [Description("The configured database; empty for the default.")] string? database = null) =>
        $"""
        Tune this PostgreSQL query{On(database)}:

        {query}

        1. Call explain_query with analyze=true to see the real plan, times and row counts.
        2. Look for sequential scans on large tables, bad row estimates, sorts and hash joins spilling to disk.
        3. Call analyze_query_indexes with the query to get index recommendations costed with hypothetical indexes,
           and explain_query with hypothetical_indexes to confirm a recommendation changes the plan.
        4. Suggest rewrites if the query itself is the problem.
        Report the recommended CREATE INDEX statements with their estimated size and cost improvement.
        """;

    [McpServerPrompt(Name = "health_review", Title = "Review database health")]
    [Description("Reviews the database's health and workload and lists what to fix first.")]
    public static string HealthReview([Description("The configured database; empty for the default.")] string? database = null) =>
        $"""
        Review the health of the PostgreSQL database{On(database)}.
        1. Call analyze_db_health with checks "all".
        2. Call get_top_queries sorted by total_time and by resources.
        3. Call get_long_running_transactions and get_locks.
        List the problems found, most urgent first, each with its evidence and the fix you recommend.
        """;

    private static string On(string? database) => string.IsNullOrWhiteSpace(database) ? string.Empty : $" (database \"{database}\")";
}
