using McpPlatform.Connectors.Postgres.Databases;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>
/// The queries behind <c>analyze_db_health</c>. Each returns one row per finding (or one row of metrics)
/// with a <c>severity</c> column: <c>ok</c>, <c>warning</c> or <c>critical</c>. Each takes the database's schema scope as
/// <c>$1</c> (<see cref="ScopeSql"/>): findings name only objects in the shown schemas.
/// </summary>
internal static class HealthChecks
{
    public static readonly IReadOnlyDictionary<string, string[]> Queries = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["index"] =
        [
            $"""
            SELECT 'critical' AS severity, 'invalid index' AS finding, x.indexrelid::regclass::text AS index,
                   x.indrelid::regclass::text AS "table", pg_relation_size(x.indexrelid) AS bytes,
                   'Drop and re-create it (CREATE INDEX CONCURRENTLY left it invalid): it costs writes and is never used.' AS advice
            FROM pg_index x WHERE NOT x.indisvalid AND {ScopeSql.ShowsRelation("x.indrelid", 1)}
            """,
            $"""
            SELECT 'warning' AS severity, 'duplicate indexes' AS finding, string_agg(x.indexrelid::regclass::text, ', ') AS index,
                   x.indrelid::regclass::text AS "table", sum(pg_relation_size(x.indexrelid)) AS bytes,
                   'These indexes have the same columns, operator classes, expressions and predicate: keep one.' AS advice
            FROM pg_index x
            WHERE {ScopeSql.ShowsRelation("x.indrelid", 1)}
            GROUP BY x.indrelid, x.indkey::text, x.indclass::text, coalesce(pg_get_expr(x.indexprs, x.indrelid), ''), coalesce(pg_get_expr(x.indpred, x.indrelid), '')
            HAVING count(*) > 1
            """,
            $"""
            SELECT 'warning' AS severity, 'unused index' AS finding, s.indexrelid::regclass::text AS index,
                   s.relid::regclass::text AS "table", pg_relation_size(s.indexrelid) AS bytes,
                   'Never scanned since statistics were reset: drop it if this holds over a full business cycle.' AS advice
            FROM pg_stat_user_indexes s JOIN pg_index x ON x.indexrelid = s.indexrelid
            WHERE s.idx_scan = 0 AND NOT x.indisunique AND NOT x.indisprimary AND pg_relation_size(s.indexrelid) > 1024 * 1024
              AND {ScopeSql.Shows("s.schemaname", 1)}
            ORDER BY bytes DESC LIMIT 50
            """,
            $"""
            WITH est AS (
                SELECT x.indexrelid, x.indrelid, i.reltuples,
                       pg_relation_size(x.indexrelid) AS actual_bytes,
                       greatest(i.reltuples, 1) * (16 + coalesce((
                           SELECT sum(coalesce(st.avg_width, 8)) FROM unnest(x.indkey) AS k(attnum)
                           JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                           LEFT JOIN pg_stats st ON st.schemaname = n.nspname AND st.tablename = t.relname AND st.attname = a.attname), 8)) / 0.9 AS expected_bytes
                FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN pg_am am ON am.oid = i.relam
                WHERE am.amname = 'btree' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND {ScopeSql.Shows("n.nspname", 1)}
            )
            SELECT 'warning' AS severity, 'bloated index' AS finding, indexrelid::regclass::text AS index, indrelid::regclass::text AS "table",
                   actual_bytes AS bytes, round((actual_bytes / expected_bytes)::numeric, 1) AS bloat_ratio,
                   'Estimated to be much larger than its data needs: REINDEX CONCURRENTLY it.' AS advice
            FROM est WHERE actual_bytes > 10 * 1024 * 1024 AND actual_bytes > 2.5 * expected_bytes
            ORDER BY actual_bytes DESC LIMIT 50
            """,
        ],
        ["connection"] =
        [
            $"""
            WITH a AS (
                SELECT count(*) AS total,
                       count(*) FILTER (WHERE state = 'active') AS active,
                       count(*) FILTER (WHERE state = 'idle in transaction') AS idle_in_transaction,
                       count(*) FILTER (WHERE state = 'idle in transaction' AND now() - state_change > interval '5 minutes') AS idle_in_transaction_over_5_min
                FROM pg_stat_activity WHERE backend_type = 'client backend'
            )
            SELECT CASE WHEN total >= 0.9 * current_setting('max_connections')::int THEN 'critical'
                        WHEN total >= 0.75 * current_setting('max_connections')::int OR idle_in_transaction_over_5_min > 0 THEN 'warning'
                        ELSE 'ok' END AS severity,
                   'connections' AS finding, total, active, idle_in_transaction, idle_in_transaction_over_5_min,
                   current_setting('max_connections')::int AS max_connections
            FROM a
            """,
        ],
        ["vacuum"] =
        [
            $"""
            SELECT CASE WHEN age(datfrozenxid) > 1500000000 THEN 'critical'
                        WHEN age(datfrozenxid) > current_setting('autovacuum_freeze_max_age')::bigint THEN 'warning'
                        ELSE 'ok' END AS severity,
                   'transaction ID age' AS finding, datname AS database, age(datfrozenxid) AS xid_age,
                   round(100.0 * age(datfrozenxid) / 2147483647, 2) AS percent_to_wraparound
            FROM pg_database WHERE datallowconn ORDER BY age(datfrozenxid) DESC
            """,
            $"""
            SELECT 'warning' AS severity, 'dead tuples' AS finding, schemaname || '.' || relname AS "table",
                   n_live_tup AS live_tuples, n_dead_tup AS dead_tuples, last_vacuum, last_autovacuum,
                   'Many dead rows: check autovacuum settings and long transactions holding back cleanup.' AS advice
            FROM pg_stat_user_tables
            WHERE n_dead_tup > 10000 AND n_dead_tup > 0.2 * greatest(n_live_tup, 1) AND {ScopeSql.Shows("schemaname", 1)}
            ORDER BY n_dead_tup DESC LIMIT 50
            """,
        ],
        ["sequence"] =
        [
            $"""
            SELECT CASE WHEN last_value >= 0.9 * max_value THEN 'critical' ELSE 'warning' END AS severity,
                   'sequence near its limit' AS finding, schemaname || '.' || sequencename AS sequence, data_type::text AS data_type,
                   last_value, max_value, round(100.0 * last_value / max_value, 2) AS percent_used
            FROM pg_sequences
            WHERE last_value IS NOT NULL AND increment_by > 0 AND last_value >= 0.75 * max_value AND {ScopeSql.Shows("schemaname", 1)}
            ORDER BY percent_used DESC
            """,
        ],
        ["replication"] =
        [
            $"""
            SELECT CASE WHEN coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0) > 1024 * 1024 * 1024 THEN 'warning' ELSE 'ok' END AS severity,
                   'replica' AS finding, application_name, client_addr::text AS client, state,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS replay_lag_bytes, replay_lag::text AS replay_lag
            FROM pg_stat_replication WHERE NOT pg_is_in_recovery()
            """,
            $"""
            SELECT CASE WHEN NOT active THEN 'warning' ELSE 'ok' END AS severity, 'replication slot' AS finding,
                   slot_name, slot_type, active,
                   CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) END AS retained_wal_bytes,
                   'An inactive slot keeps WAL forever: drop it if its consumer is gone.' AS advice
            FROM pg_replication_slots
            """,
        ],
        ["buffer"] =
        [
            $"""
            WITH t AS (SELECT sum(heap_blks_hit) AS hit, sum(heap_blks_read) AS read FROM pg_statio_user_tables WHERE {ScopeSql.Shows("schemaname", 1)}),
                 i AS (SELECT sum(idx_blks_hit) AS hit, sum(idx_blks_read) AS read FROM pg_statio_user_indexes WHERE {ScopeSql.Shows("schemaname", 1)})
            SELECT CASE WHEN t.hit + t.read > 10000 AND t.hit / nullif(t.hit + t.read, 0) < 0.95 THEN 'warning'
                        WHEN i.hit + i.read > 10000 AND i.hit / nullif(i.hit + i.read, 0) < 0.95 THEN 'warning'
                        ELSE 'ok' END AS severity,
                   'cache hit rate' AS finding,
                   round(t.hit / nullif(t.hit + t.read, 0), 4) AS table_hit_rate,
                   round(i.hit / nullif(i.hit + i.read, 0), 4) AS index_hit_rate,
                   current_setting('shared_buffers') AS shared_buffers
            FROM t, i
            """,
        ],
        ["constraint"] =
        [
            $"""
            SELECT 'warning' AS severity, 'constraint not validated' AS finding, conrelid::regclass::text AS "table", conname AS constraint,
                   pg_get_constraintdef(oid) AS definition,
                   'Run ALTER TABLE ... VALIDATE CONSTRAINT so existing rows are checked too.' AS advice
            FROM pg_constraint WHERE NOT convalidated AND contype IN ('c', 'f') AND {ScopeSql.ShowsRelation("conrelid", 1)}
            """,
        ],
    };
}
