using System.ComponentModel;
using System.Text.Json.Nodes;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using ModelContextProtocol.Server;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>Rows of an operations view, with the database they come from.</summary>
public sealed record OperationsView(string Database, IReadOnlyList<JsonObject> Rows);

/// <summary>What is running right now: active queries, long transactions, locks and who blocks whom.</summary>
[McpServerToolType]
public sealed class OperationsTools(TrustedQuery query, DatabaseRegistry databases)
{
    // With a Schemas allow-list: sessions of this database only, and a query text that mentions a name outside the
    // shown schemas is null (ScopeSql.Mentions).
    private static readonly string ActiveQueriesSql = $"""
        WITH {ScopeSql.OutsideNamesCte(2)}
        SELECT pid, usename AS "user", datname AS database, application_name, client_addr::text AS client,
               state, wait_event_type, wait_event,
               round(extract(epoch FROM now() - query_start)::numeric, 3) AS running_seconds,
               CASE WHEN {ScopeSql.Mentions("query")} THEN NULL ELSE left(query, 2000) END AS query
        FROM pg_catalog.pg_stat_activity
        WHERE state <> 'idle' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
          AND now() - query_start >= make_interval(secs => $1) AND ($2::text[] IS NULL OR datname = current_database())
        ORDER BY query_start
        """;

    private static readonly string LongTransactionsSql = $"""
        WITH {ScopeSql.OutsideNamesCte(2)}
        SELECT pid, usename AS "user", datname AS database, application_name, state,
               round(extract(epoch FROM now() - xact_start)::numeric, 3) AS transaction_seconds,
               round(extract(epoch FROM now() - state_change)::numeric, 3) AS in_state_seconds,
               backend_xid::text AS xid, backend_xmin::text AS xmin,
               CASE WHEN {ScopeSql.Mentions("query")} THEN NULL ELSE left(query, 2000) END AS last_query
        FROM pg_catalog.pg_stat_activity
        WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()
          AND now() - xact_start >= make_interval(secs => $1) AND ($2::text[] IS NULL OR datname = current_database())
        ORDER BY xact_start
        """;

    private static readonly string LocksSql = $"""
        WITH {ScopeSql.OutsideNamesCte(1)}, locks AS (
        SELECT blocked.query_start, blocked.pid AS blocked_pid, blocked.usename AS blocked_user,
               round(extract(epoch FROM now() - blocked.query_start)::numeric, 3) AS blocked_seconds,
               left(blocked.query, 1000) AS blocked_query,
               blocking.pid AS blocking_pid, blocking.usename AS blocking_user, blocking.state AS blocking_state,
               left(blocking.query, 1000) AS blocking_query,
               (SELECT string_agg(DISTINCT l.locktype || ':' || l.mode || coalesce(' on ' || l.relation::regclass::text, ''), ', ')
                FROM pg_catalog.pg_locks l WHERE l.pid = blocked.pid AND NOT l.granted) AS waiting_for
        FROM pg_catalog.pg_stat_activity blocked
        JOIN LATERAL unnest(pg_catalog.pg_blocking_pids(blocked.pid)) AS b(pid) ON true
        JOIN pg_catalog.pg_stat_activity blocking ON blocking.pid = b.pid
        WHERE $1::text[] IS NULL OR blocked.datname = current_database()
        )
        SELECT blocked_pid, blocked_user, blocked_seconds,
               CASE WHEN {ScopeSql.Mentions("blocked_query")} THEN NULL ELSE blocked_query END AS blocked_query,
               blocking_pid, blocking_user, blocking_state,
               CASE WHEN {ScopeSql.Mentions("blocking_query")} THEN NULL ELSE blocking_query END AS blocking_query,
               CASE WHEN {ScopeSql.Mentions("waiting_for")} THEN NULL ELSE waiting_for END AS waiting_for
        FROM locks
        ORDER BY query_start
        """;

    [McpServerTool(Name = "get_active_queries", Title = "Active queries", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists queries running now (not idle), oldest first, with how long they have run and what they wait for.")]
    public Task<OperationsView> GetActiveQueriesAsync(
        [Description("Only queries running at least this many seconds. Default 0.")] double min_duration_seconds = 0,
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default) =>
        ViewAsync(database, ActiveQueriesSql, cancellationToken, Math.Max(0, min_duration_seconds));

    [McpServerTool(Name = "get_long_running_transactions", Title = "Long-running transactions", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists open transactions older than a threshold (including 'idle in transaction'), which hold back vacuum and may hold locks.")]
    public Task<OperationsView> GetLongRunningTransactionsAsync(
        [Description("Only transactions open at least this many seconds. Default 60.")] double min_duration_seconds = 60,
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default) =>
        ViewAsync(database, LongTransactionsSql, cancellationToken, Math.Max(0, min_duration_seconds));

    [McpServerTool(Name = "get_locks", Title = "Lock waits", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists sessions waiting for a lock, each with the session blocking it and the locks it waits for.")]
    public Task<OperationsView> GetLocksAsync(
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default) =>
        ViewAsync(database, LocksSql, cancellationToken, []);

    private Task<OperationsView> ViewAsync(string? database, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        var target = databases.Resolve(database);
        return ToolErrors.GuardAsync(async () => new OperationsView(target.Name, await query.RowsAsync(target, sql, cancellationToken, [.. parameters, target.Schemas.Parameter()])));
    }
}
