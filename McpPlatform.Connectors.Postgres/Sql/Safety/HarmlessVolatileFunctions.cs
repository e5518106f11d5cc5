namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// The reviewed volatile functions restricted mode still runs: <c>pg_proc</c> marks them volatile because their
/// result changes from call to call, not because they change anything. Each reads a clock, a random source,
/// sizes, statistics or the server's position, or waits (bounded by the statement timeout). A volatile function
/// that is not here is refused, whatever its name.
/// </summary>
internal static class HarmlessVolatileFunctions
{
    public static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        // Clocks, randomness, waiting.
        "random", "random_normal", "clock_timestamp", "timeofday", "gen_random_uuid", "uuidv4", "uuidv7",
        "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "gen_random_bytes", "gen_salt",
        "pg_sleep", "pg_sleep_for", "pg_sleep_until",
        // Sizes.
        "pg_relation_size", "pg_table_size", "pg_indexes_size", "pg_total_relation_size", "pg_database_size", "pg_tablespace_size",
        // Where the server is.
        "pg_is_in_recovery", "pg_is_wal_replay_paused", "pg_get_wal_replay_pause_state", "pg_current_wal_lsn",
        "pg_current_wal_insert_lsn", "pg_current_wal_flush_lsn", "pg_last_wal_receive_lsn", "pg_last_wal_replay_lsn",
        "pg_last_xact_replay_timestamp", "pg_jit_available", "pg_notification_queue_usage", "current_query",
        "txid_status", "pg_xact_status", "pg_xact_commit_timestamp", "pg_xact_commit_timestamp_origin", "pg_last_committed_xact",
        // Locks, partitions, sequences and statistics, as the role may see them.
        "pg_blocking_pids", "pg_safe_snapshot_blocking_pids", "pg_lock_status", "pg_partition_tree", "pg_partition_ancestors",
        "pg_collation_actual_version", "pg_database_collation_actual_version", "currval", "lastval", "pg_sequence_last_value",
        "pg_stat_get_xact_blocks_fetched", "pg_stat_get_xact_blocks_hit", "pg_stat_get_xact_function_calls",
        "pg_stat_get_xact_function_self_time", "pg_stat_get_xact_function_total_time", "pg_stat_get_xact_numscans",
        "pg_stat_get_xact_tuples_deleted", "pg_stat_get_xact_tuples_fetched", "pg_stat_get_xact_tuples_hot_updated",
        "pg_stat_get_xact_tuples_inserted", "pg_stat_get_xact_tuples_returned", "pg_stat_get_xact_tuples_updated",
        "pg_stat_have_stats", "pg_stat_get_recovery_prefetch", "pg_stat_statements", "pg_stat_statements_info",
        // TABLESAMPLE methods (their handlers take 'internal' and cannot be called directly).
        "bernoulli", "system", "system_rows", "system_time",
    };
}
