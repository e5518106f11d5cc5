using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using McpPlatform.Connectors.Postgres.Sql.Safety;
using McpPlatform.Connectors.Postgres.Tests.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Tests.Differential;

/// <summary>
/// A real PostgreSQL database with volatile probe functions that raise <see cref="ProbeSqlState"/> when they run,
/// and a read-only login role like the one the AppHost provisions, for tests of restricted mode against the real
/// scanner and catalog.
/// </summary>
public sealed class ProbeDatabase : IAsyncLifetime
{
    /// <summary>The test collection that shares one server (initdb and start take a few seconds).</summary>
    public const string Collection = "probe-database";

    public const string ProbeSqlState = "QZ999";
    public const string Database = "probedb";
    private const string Role = "mcp_reader";
    private const string Password = "reader-password-5b1c";

    private static readonly string[] Extensions =
        ["pg_trgm", "fuzzystrmatch", "earthdistance", "hstore", "pgcrypto", "uuid-ossp", "tsm_system_rows", "tablefunc", "xml2", "hypopg", "pg_prewarm"];

    private readonly TestPostgresServer server = new();
    private NpgsqlDataSource? readerSource;

    public TestPostgresServer Server => server;

    /// <summary>The database as the connector sees it: restricted, reached as the read-only role.</summary>
    public DatabaseTarget Target { get; private set; } = null!;

    public string ReaderConnectionString => server.ConnectionString(Role, Password, Database);

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        await server.ExecuteAsync($"CREATE DATABASE {Database}");
        await server.ExecuteAsync($"CREATE ROLE {Role} LOGIN PASSWORD '{Password}'; ALTER ROLE {Role} SET default_transaction_read_only = on");
        await server.ExecuteAsync(
            $$"""
            CREATE TYPE public.probe_row AS (a int);
            CREATE FUNCTION public.mcp_probe() RETURNS int LANGUAGE plpgsql VOLATILE
                AS $$ BEGIN RAISE EXCEPTION 'the probe ran' USING ERRCODE = '{{ProbeSqlState}}'; END $$;
            CREATE FUNCTION public.mcp_probe(r public.probe_row) RETURNS int LANGUAGE plpgsql VOLATILE
                AS $$ BEGIN RAISE EXCEPTION 'the probe ran' USING ERRCODE = '{{ProbeSqlState}}'; END $$;
            CREATE FUNCTION public.{{SqlCorpus.LongProbe}}() RETURNS int LANGUAGE plpgsql VOLATILE
                AS $$ BEGIN RAISE EXCEPTION 'the probe ran' USING ERRCODE = '{{ProbeSqlState}}'; END $$;
            CREATE TABLE public.people (id int PRIMARY KEY, name text NOT NULL, city text, score numeric, doc jsonb, tags text[], created timestamptz);
            INSERT INTO public.people VALUES
                (1, 'José García', 'Madrid', 3.5, '{"a": {"b": 1}, "k": "v"}', '{x,y}', '2026-01-01T07:00:00Z'),
                (2, '東京 太郎', 'Tokyo', 4.25, '{"k": "w"}', '{y}', '2026-02-01T08:00:00Z'),
                (3, 'Zoë O''Brien', 'Dublin', 1, '{}', '{}', '2026-03-01T09:00:00Z');
            CREATE SEQUENCE public.counter;
            GRANT USAGE ON SCHEMA public TO {{Role}};
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO {{Role}};
            """,
            Database);
        // The extensions of the valid-reads corpus (contrib ships with the server package; PostGIS does not).
        foreach (var extension in Extensions)
        {
            await server.ExecuteAsync($"CREATE EXTENSION IF NOT EXISTS \"{extension}\" CASCADE", Database);
        }

        await server.ExecuteAsync($"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {Role}", Database);
        readerSource = NpgsqlDataSource.Create(ReaderConnectionString);
        Target = new DatabaseTarget(Database, AccessMode.Restricted, readerSource);
    }

    public async Task DisposeAsync()
    {
        if (readerSource is not null)
        {
            await readerSource.DisposeAsync();
        }

        await server.DisposeAsync();
    }

    /// <summary>The policy the connector applies, with the probes on the deny list as well.</summary>
    public static RestrictedSqlPolicy Policy(params string[] deny) =>
        new(Options.Create(new SqlExecutionOptions { DenyFunctions = deny }), TimeProvider.System);

    /// <summary>
    /// Runs <paramref name="sql"/> as the connector would with the guard off: the read-only, rolled-back batch, as
    /// the read-only role. Returns the SQLSTATE it failed with, or null when it ran.
    /// </summary>
    public static async Task<string?> RunUnguardedAsync(NpgsqlConnection connection, string sql)
    {
        var options = new SqlExecutionOptions { StatementTimeoutMs = 2_000 };
        try
        {
            await using var batch = StatementBatch.Create(connection, sql, AccessMode.Restricted, options);
            await using var reader = await batch.ExecuteReaderAsync();
            while (await reader.NextResultAsync())
            {
            }

            return null;
        }
        catch (PostgresException ex)
        {
            await StatementBatch.RollBackQuietlyAsync(connection);
            return ex.SqlState;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            // Text Npgsql cannot send (an embedded NUL): PostgreSQL never sees it.
            await StatementBatch.RollBackQuietlyAsync(connection);
            return "client";
        }
    }
}

[CollectionDefinition(ProbeDatabase.Collection)]
public sealed class ProbeDatabaseCollection : ICollectionFixture<ProbeDatabase>;
