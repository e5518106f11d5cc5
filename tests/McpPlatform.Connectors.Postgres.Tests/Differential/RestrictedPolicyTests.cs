using Npgsql;

namespace McpPlatform.Connectors.Postgres.Tests.Differential;

/// <summary>
/// Restricted mode's function rules against a real database and its <c>pg_proc</c>: the reads people run pass and
/// run; the functions that change state, read credentials or run SQL from a string are refused, by name or by
/// the catalog.
/// </summary>
[Collection(ProbeDatabase.Collection)]
public sealed class RestrictedPolicyTests(ProbeDatabase database)
{
    /// <summary>Common reads: aggregates, window functions, JSON, text search, pg_trgm and the other contrib modules, DBA reads.</summary>
    public static TheoryData<string> ValidReads => new()
    {
        "SELECT count(*), sum(score), avg(score), min(name), max(created), stddev(score), bool_and(score > 0) FROM people",
        "SELECT city, string_agg(name, ', ' ORDER BY name), array_agg(id), jsonb_agg(doc), count(*) FILTER (WHERE score > 2) FROM people GROUP BY city",
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY score), percentile_disc(0.9) WITHIN GROUP (ORDER BY score), mode() WITHIN GROUP (ORDER BY city) FROM people",
        "SELECT name, row_number() OVER w, rank() OVER w, dense_rank() OVER w, lag(score) OVER w, lead(score, 1, 0) OVER w, first_value(name) OVER w, ntile(2) OVER w, cume_dist() OVER w, "
            + "sum(score) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM people WINDOW w AS (ORDER BY score DESC)",
        "SELECT doc ->> 'k', doc #> '{a,b}', jsonb_path_query_array(doc, '$.*'), jsonb_build_object('n', name), to_jsonb(p), jsonb_typeof(doc), doc ? 'k' FROM people p",
        "SELECT x.a, e.key, e.value FROM people, jsonb_to_recordset('[{\"a\": 1}, {\"a\": 2}]') AS x(a int), jsonb_each_text(doc) AS e(key, value)",
        "SELECT json_agg(p ORDER BY id), jsonb_object_agg(id, name), jsonb_pretty(jsonb_build_array(1, 'two')) FROM people p",
        "SELECT name, similarity(name, 'Jose'), word_similarity('Jose', name), name % 'Jose', show_trgm('abc') FROM people ORDER BY name <-> 'Jose' LIMIT 3",
        "SELECT levenshtein(name, 'Jose'), soundex(name), metaphone(name, 4), difference(name, 'Jose') FROM people",
        "SELECT earth_distance(ll_to_earth(48.1, 11.5), ll_to_earth(52.5, 13.4)), point(1, 2) <-> point(3, 4), cube(array[1, 2]) <-> cube(array[3, 4])",
        "SELECT 'a=>1, b=>2'::hstore -> 'a', akeys('a=>1'::hstore), hstore('k', name) FROM people",
        "SELECT encode(digest(name, 'sha256'), 'hex'), crypt('secret', gen_salt('bf', 4)) IS NOT NULL, gen_random_uuid(), uuid_generate_v4(), gen_random_bytes(4) FROM people",
        "SELECT upper(name), initcap(city), regexp_replace(name, '\\s+', ' ', 'g'), split_part(name, ' ', 1), format('%s-%s', id, name), left(name, 3), length(name), position('a' in name), "
            + "substring(name from 1 for 2), trim(both ' ' from name), to_char(created, 'YYYY-MM-DD'), date_trunc('month', created), extract(year from created), age(created), overlay(name placing 'X' from 1 for 1) FROM people",
        "SELECT now(), current_date, clock_timestamp(), statement_timestamp(), random(), timeofday() IS NOT NULL, current_user, session_user, current_schema, version()",
        "SELECT g, s FROM generate_series(1, 3) g, unnest(ARRAY['a', 'b']) WITH ORDINALITY AS s(v, n), regexp_matches('a1b2', '\\d', 'g') AS m",
        "SELECT to_tsvector('english', name) @@ plainto_tsquery('english', 'jose'), ts_rank(to_tsvector(name), to_tsquery('jose')), websearch_to_tsquery('a -b'), ts_headline('a b c', to_tsquery('b')) FROM people",
        "SELECT pg_size_pretty(pg_total_relation_size('people')), pg_relation_size('people'), pg_table_size('people'), pg_indexes_size('people'), pg_database_size(current_database())",
        "SELECT relname, seq_scan, n_live_tup FROM pg_stat_user_tables",
        "SELECT pid, state, wait_event_type, pg_blocking_pids(pid) FROM pg_stat_activity",
        "SELECT locktype, mode, granted FROM pg_locks",
        "SELECT current_setting('work_mem'), has_table_privilege('people', 'SELECT'), pg_get_indexdef('people_pkey'::regclass), obj_description('people'::regclass), pg_is_in_recovery(), pg_backend_pid()",
        "SELECT count(*) FROM people TABLESAMPLE BERNOULLI (50) REPEATABLE (1)",
        "SELECT count(*) FROM people TABLESAMPLE SYSTEM_ROWS (2)",
        "SELECT CASE WHEN score > 2 THEN 'high' ELSE 'low' END, COALESCE(city, '-'), NULLIF(score, 0), GREATEST(score, 2), LEAST(score, 2), ROW(id, name) FROM people WHERE id IN (SELECT id FROM people) AND EXISTS (SELECT 1)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT sum(i) FROM n",
        "SELECT xpath('/a/text()', '<a>x</a>'::xml), xmlelement(name b, 'y'), xpath_string('<a>x</a>', '/a')",
        "SELECT pg_sleep(0.01)",
        "SELECT currval IS NULL FROM (SELECT 1 AS currval) t",
        "EXPLAIN ANALYZE SELECT * FROM people WHERE name LIKE 'J%'",
        // Words that only look like rules: FOR inside substring, qualified columns named like denied functions.
        "SELECT substring(k.name FROM 1 FOR key) FROM (SELECT 'abcdef'::text AS name, 2 AS key) k",
        "SELECT p.lo_price, o.dblink_id, t.xml_to_xml_id FROM (SELECT 1 AS lo_price) p, (SELECT 2 AS dblink_id) o, (SELECT 3 AS xml_to_xml_id) t",
    };

    /// <summary>Functions outside every rule list that change state, read credentials or run SQL from a string.</summary>
    public static TheoryData<string, string> Refused => new()
    {
        { "SELECT setseed(0.5)", "random sequence" },
        { "SELECT set_limit(0.5)", "setting" },
        { "SELECT nextval('counter')", "volatile" },
        { "SELECT pg_stat_clear_snapshot()", "volatile" },
        { "SELECT pg_prewarm('people')", "volatile" },
        { "SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, ''b''::tsquery')", "SQL run from a string" },
        { "SELECT ts_rewrite('a'::tsquery, 'a'::tsquery, 'b'::tsquery)", "SQL run from a string" },
        { "SELECT table_to_xml('pg_authid', true, true, '')", "from a string" },
        { "SELECT schema_to_xmlschema('public', true, true, '')", "from a string" },
        { "SELECT database_to_xml(true, true, '')", "from a string" },
        { "SELECT * FROM crosstab('SELECT name, city, id::text FROM people') AS t(a text, b text)", "SQL run from a string" },
        { "SELECT * FROM xpath_table('id', 'doc::text', 'people', '/a', 'true') AS t(id int, a text)", "SQL run from a string" },
        { "SELECT xslt_process('<a/>', '<x/>')", "files" },
        { "SELECT * FROM hypopg_create_index('CREATE INDEX ON people (name)')", "hypothetical" },
        { "SELECT hypopg_reset()", "hypothetical" },
        { "TABLE pg_authid", "credentials" },
        { "SELECT rolname, rolpassword FROM pg_catalog.pg_authid", "credentials" },
        { "SELECT * FROM \"pg_shadow\"", "credentials" },
        { "SELECT umoptions FROM pg_user_mapping", "credentials" },
        { "SELECT * FROM pg_user_mappings", "credentials" },
        { "SELECT subconninfo FROM pg_subscription", "credentials" },
        { "SELECT * FROM pg_statistic", "credentials" },
        { "SELECT data FROM pg_largeobject", "credentials" },
        { "SELECT lo_get(1)", "large objects" },
        { "SELECT dblink_connect('host=localhost')", "connections" },
        // Other roles' settings (ALTER ROLE/DATABASE ... SET app.jwt_secret = ...).
        { "SELECT setdatabase, setrole, setconfig FROM pg_db_role_setting", "settings" },
        { "SELECT rolname, rolconfig FROM pg_roles", "settings" },
        { "SELECT * FROM pg_user", "settings" },
    };

    [Theory]
    [MemberData(nameof(ValidReads))]
    public async Task CheckAsync_CommonRead_IsAllowedAndRuns(string sql)
    {
        var refusal = await ProbeDatabase.Policy().CheckAsync(database.Target, sql, CancellationToken.None);

        Assert.Null(refusal);
        await using var connection = new NpgsqlConnection(database.ReaderConnectionString);
        await connection.OpenAsync();
        Assert.Null(await ProbeDatabase.RunUnguardedAsync(connection, sql));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task CheckAsync_StateChangingOrSecretReadingFunction_IsRefusedWithTheReason(string sql, string reason)
    {
        var refusal = await ProbeDatabase.Policy().CheckAsync(database.Target, sql, CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CheckAsync_VolatileFunctionCreatedAfterTheCatalogWasRead_IsRefusedAtOnce()
    {
        var policy = ProbeDatabase.Policy();
        Assert.Null(await policy.CheckAsync(database.Target, "SELECT 1", CancellationToken.None));
        await database.Server.ExecuteAsync(
            """
            CREATE FUNCTION public.late_volatile() RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1';
            CREATE FUNCTION public.late_stable() RETURNS int LANGUAGE sql STABLE AS 'SELECT 1';
            """,
            ProbeDatabase.Database);

        var volatileRefusal = await policy.CheckAsync(database.Target, "SELECT late_volatile()", CancellationToken.None);
        var stableRefusal = await policy.CheckAsync(database.Target, "SELECT late_stable()", CancellationToken.None);

        Assert.Contains("volatile", volatileRefusal, StringComparison.Ordinal);
        Assert.Null(stableRefusal);
    }

    [Fact]
    public async Task CheckAsync_UnpairedSurrogate_IsRefusedNotAnException()
    {
        // Npgsql could not encode the name for a pg_proc lookup; PostgreSQL could never receive the text.
        var sql = "EXPLAIN ANALYZE SELECT \"mcp_probe_x" + '\uD83D' + "x\"()";

        var refusal = await ProbeDatabase.Policy().CheckAsync(database.Target, sql, CancellationToken.None);

        Assert.Contains("surrogate", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_VolatileFunctionCalledInAttributeNotation_IsRefused()
    {
        var refusal = await ProbeDatabase.Policy().CheckAsync(database.Target, "SELECT (ROW(1)::probe_row).mcp_probe", CancellationToken.None);

        Assert.Contains("volatile", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleWithStandardConformingStringsOff_ReadsStringsAsTheGuardDoes()
    {
        // With standard_conforming_strings off, '\'' ends after the escaped quote and f() would run; the guard reads
        // it with the setting on (one string), and the batch makes PostgreSQL read it that way too.
        const string sql = "SELECT '\\'', mcp_probe() -- '";
        await database.Server.ExecuteAsync(
            "CREATE ROLE legacy_strings LOGIN PASSWORD 'legacy-strings-pw'; ALTER ROLE legacy_strings SET standard_conforming_strings = off; GRANT USAGE ON SCHEMA public TO legacy_strings",
            ProbeDatabase.Database);
        await using var connection = new NpgsqlConnection(database.Server.ConnectionString("legacy_strings", "legacy-strings-pw", ProbeDatabase.Database));
        await connection.OpenAsync();

        var refusal = await ProbeDatabase.Policy().CheckAsync(database.Target, sql, CancellationToken.None);
        var outcome = await ProbeDatabase.RunUnguardedAsync(connection, sql);

        Assert.Equal("off", connection.PostgresParameters["standard_conforming_strings"]);
        Assert.Null(refusal);
        Assert.Null(outcome);
    }

    /// <summary>
    /// Objects an owner may create that the function rules must still see through; each in a database of its own, as
    /// they change what names mean there.
    /// </summary>
    public static TheoryData<string, string, string> OwnerObjects => new()
    {
        // A volatile function named like a reviewed harmless one, in another schema or as another overload.
        { "CREATE SCHEMA tools; CREATE FUNCTION tools.system(text) RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1'", "SELECT tools.system('id')", "volatile" },
        { "CREATE FUNCTION public.random(int) RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1'", "SELECT random(1)", "volatile" },
        // An aggregate (pg_proc marks every aggregate immutable) whose step function is volatile.
        { "CREATE FUNCTION public.step(int, int) RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1'; CREATE AGGREGATE public.agg(int) (SFUNC = public.step, STYPE = int)", "SELECT agg(1)", "volatile" },
        // A function named like a keyword, called qualified (a keyword after a dot is a name).
        { "CREATE FUNCTION public.\"values\"() RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1'", "SELECT public.values()", "volatile" },
    };

    [Theory]
    [MemberData(nameof(OwnerObjects))]
    public async Task CheckAsync_OwnerObjectThatRunsAVolatileFunction_IsRefused(string create, string sql, string reason)
    {
        var name = "owner_" + Guid.NewGuid().ToString("N")[..8];
        await database.Server.ExecuteAsync($"CREATE DATABASE {name}");
        await database.Server.ExecuteAsync(create, name);
        await using var source = NpgsqlDataSource.Create(database.Server.ConnectionString("mcp_reader", "reader-password-5b1c", name));
        var target = new Databases.DatabaseTarget(name, Sql.AccessMode.Restricted, source);

        var refusal = await ProbeDatabase.Policy().CheckAsync(target, sql, CancellationToken.None);
        var harmless = await ProbeDatabase.Policy().CheckAsync(target, "SELECT clock_timestamp(), count(*) FROM generate_series(1, 3)", CancellationToken.None);

        Assert.Contains(reason, refusal, StringComparison.Ordinal);
        Assert.Null(harmless);
    }
}
