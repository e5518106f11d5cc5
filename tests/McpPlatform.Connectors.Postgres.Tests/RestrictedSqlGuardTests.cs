using McpPlatform.Connectors.Postgres.Sql.Safety;

namespace McpPlatform.Connectors.Postgres.Tests;

public sealed class RestrictedSqlGuardTests
{
    /// <summary>Payloads the role and the read-only transaction alone might let through, and plain writes.</summary>
    public static TheoryData<string> Refused => new()
    {
        // Several statements, and the archived server-postgres bypass.
        "COMMIT; DROP SCHEMA public CASCADE;",
        "SELECT 1; DELETE FROM demo.orders",
        "SELECT 1;; SELECT 2",
        // Statements that are not reads.
        "DELETE FROM demo.orders",
        "update demo.orders set quantity = 0",
        "INSERT INTO demo.orders VALUES (1)",
        "MERGE INTO demo.orders o USING demo.orders p ON true WHEN MATCHED THEN DELETE",
        "TRUNCATE demo.orders",
        "DROP TABLE demo.orders",
        "CREATE TABLE x (a int)",
        "ALTER ROLE mcp_readonly SUPERUSER",
        "GRANT ALL ON demo.orders TO PUBLIC",
        "COMMIT",
        "BEGIN",
        "SET TRANSACTION READ WRITE",
        "SET ROLE postgres",
        "RESET ROLE",
        "SET statement_timeout = 0",
        "DO $$ BEGIN PERFORM pg_sleep(1); END $$",
        "COPY demo.orders TO '/tmp/orders.csv'",
        "COPY (SELECT 1) TO PROGRAM 'id'",
        "LOCK TABLE demo.orders",
        "VACUUM demo.orders",
        "CALL some_procedure()",
        "PREPARE p AS SELECT 1",
        "EXECUTE p",
        "LISTEN channel",
        "NOTIFY channel",
        "LOAD 'plpgsql'",
        "DISCARD ALL",
        "REFRESH MATERIALIZED VIEW v",
        "CHECKPOINT",
        // File access, wherever it stands.
        "SELECT pg_read_file('/etc/passwd')",
        "select PG_READ_FILE('/etc/passwd')",
        "SELECT pg_catalog.pg_read_file('/etc/passwd')",
        "SELECT \"pg_read_file\"('/etc/passwd')",
        "SELECT \"pg_catalog\".\"pg_read_binary_file\"('/etc/passwd')",
        "SELECT pg_read_file /* comment */ ('/etc/passwd')",
        "SELECT * FROM pg_ls_dir('.')",
        "SELECT * FROM ROWS FROM (pg_ls_dir('.')) AS t(f)",
        "SELECT pg_stat_file('postgresql.conf')",
        "SELECT pg_ls_waldir()",
        "SELECT lo_import('/etc/passwd')",
        "SELECT lo_export(1, '/tmp/x')",
        "SELECT lo_from_bytea(0, 'x')",
        "WITH f AS (SELECT pg_read_file('/etc/passwd') AS body) SELECT body FROM f",
        "SELECT (SELECT pg_read_file('/etc/passwd'))",
        "SELECT * FROM demo.orders WHERE EXISTS (SELECT pg_ls_dir('.'))",
        "SELECT 1 FROM (WITH x AS (SELECT pg_read_file('/etc/passwd')) SELECT * FROM x) y",
        // Other connections and backends.
        "SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(a int)",
        "SELECT dblink_exec('dbname=maindb', 'DROP TABLE demo.orders')",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity",
        "SELECT pg_cancel_backend(1)",
        "SELECT pg_reload_conf()",
        "SELECT pg_notify('c', 'x')",
        // Locks that outlive the call.
        "SELECT pg_advisory_lock(42)",
        "SELECT pg_try_advisory_xact_lock(42)",
        "SELECT * FROM demo.orders FOR UPDATE",
        "SELECT * FROM demo.orders FOR NO KEY UPDATE",
        "SELECT * FROM demo.orders FOR SHARE",
        "SELECT * FROM demo.orders FOR KEY SHARE",
        "SELECT * FROM (SELECT * FROM demo.orders FOR UPDATE) o",
        // Configuration changes.
        "SELECT set_config('role', 'postgres', false)",
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        "SELECT * FROM demo.orders WHERE set_config('statement_timeout', '0', true) IS NOT NULL",
        // Writes hidden in reads.
        "WITH d AS (DELETE FROM demo.orders RETURNING *) SELECT * FROM d",
        "WITH RECURSIVE a AS (SELECT 1), b AS (UPDATE demo.orders SET quantity = 1 RETURNING 1) SELECT * FROM a",
        "SELECT * INTO new_table FROM demo.orders",
        "SELECT * INTO TEMP t FROM demo.orders",
        "EXPLAIN ANALYZE DELETE FROM demo.orders",
        "EXPLAIN (ANALYZE, BUFFERS) UPDATE demo.orders SET quantity = 1",
        "EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1",
        "EXPLAIN ANALYZE EXECUTE p",
        // SQL run from a string, out of the check's sight.
        "SELECT query_to_xml('SELECT pg_advisory_lock(1)', true, true, '')",
        "SELECT * FROM ts_stat('SELECT pg_read_file(''/etc/passwd'')::tsvector')",
        // Names whose spelling depends on escapes.
        "SELECT U&\"pg_read\\005ffile\"('/etc/passwd')",
        // Text that cannot be read safely.
        "SELECT 'unterminated",
        "SELECT 1 /* unterminated",
        "SELECT $$unterminated",
        "",
        "   ;  ",
    };

    /// <summary>Valid reads restricted mode must run.</summary>
    public static TheoryData<string> Allowed => new()
    {
        "SELECT 1",
        "select 1;",
        "SELECT * FROM demo.orders ORDER BY id LIMIT 10",
        "(SELECT 1) UNION ALL (SELECT 2)",
        "TABLE demo.orders",
        "VALUES (1, 'a'), (2, 'b')",
        "SHOW statement_timeout",
        "SHOW ALL",
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY quantity) FROM demo.orders",
        "SELECT mode() WITHIN GROUP (ORDER BY city) FROM demo.customers",
        "WITH a AS (WITH b AS (SELECT 1 AS x) SELECT x FROM b), c AS (SELECT x + 1 AS y FROM a) SELECT * FROM c",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT sum(i) FROM n",
        "SELECT jsonb_build_object('a', 1) -> 'a', '{\"b\": [1,2]}'::jsonb #>> '{b,0}'",
        "SELECT attributes ->> 'dpi' FROM demo.products WHERE attributes ? 'dpi'",
        "SELECT json_agg(c) FROM demo.customers c",
        "SELECT 'DELETE FROM demo.orders; DROP TABLE x' AS harmless_text",
        "SELECT 'it''s; a string with pg_read_file(''x'')'",
        "SELECT E'escaped \\' quote; DROP TABLE x'",
        "SELECT $$ body with ; and DELETE and pg_read_file('x') $$",
        "SELECT $tag$ nested $$ dollar ; INSERT $$ $tag$",
        "SELECT 1 -- trailing comment; DROP TABLE x",
        "SELECT /* nested /* comment; DELETE */ still comment */ 1",
        "EXPLAIN SELECT * FROM demo.orders",
        "EXPLAIN ANALYZE SELECT * FROM demo.orders",
        "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) WITH x AS (SELECT 1) SELECT * FROM x",
        "SELECT * FROM pg_catalog.pg_tables WHERE schemaname = 'demo'",
        "SELECT * FROM information_schema.columns WHERE table_schema = 'demo'",
        "SELECT pid, state, query FROM pg_stat_activity",
        "SELECT o.\"update\", \"delete\" FROM (SELECT 1 AS \"update\", 2 AS \"delete\") o",
        "SELECT t.update FROM (SELECT 1 AS \"update\") t",
        "SELECT substring('abcdef' FROM 2 FOR 3)",
        "SELECT * FROM demo.orders OFFSET 1 ROWS FETCH FIRST 2 ROWS ONLY",
        "SELECT lower(name), log(10, 100), current_setting('statement_timeout') FROM demo.customers",
        "SELECT pg_size_pretty(pg_total_relation_size('demo.orders'))",
        "SELECT pg_wal_lsn_diff('0/2', '0/1')",
        "SELECT 1.5e-3, .5, 0x1F, 1_000",
        "SELECT array[1,2,3][1:2], '2026-01-01'::date + interval '1 day'",
        "SELECT count(*) FILTER (WHERE quantity > 1) OVER (PARTITION BY customer_id) FROM demo.orders",
        "SELECT B'1010', X'FF', N'national', U&'d\\0061t\\+000061'",
        "SELECT $1::int",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Check_PayloadThatIsNotAPlainRead_IsRefusedWithAReason(string sql)
    {
        var reason = RestrictedSqlGuard.Check(sql);

        Assert.False(string.IsNullOrWhiteSpace(reason), $"not refused: {sql}");
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Check_ValidRead_IsAllowed(string sql)
    {
        Assert.Null(RestrictedSqlGuard.Check(sql));
    }

    [Fact]
    public void Check_ForbiddenFunction_NamesItAndTheReason()
    {
        var reason = RestrictedSqlGuard.Check("SELECT pg_advisory_lock(1)");

        Assert.Contains("pg_advisory_lock", reason);
        Assert.Contains("advisory locks", reason);
    }
}
