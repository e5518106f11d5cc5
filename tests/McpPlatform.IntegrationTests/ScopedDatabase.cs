using System.Collections.Concurrent;
using McpPlatform.Connectors.Postgres.Tests.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using Npgsql;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// A real PostgreSQL (own server, pg_stat_statements loaded) whose database has two schemas: <see cref="Allowed"/> and
/// <see cref="Outside"/>, each with the same kinds of findings for the health checks (a duplicate and an invalid index, a
/// constraint not validated, a sequence near its limit), and objects of the allowed schema that refer to outside ones
/// (a foreign key, a column type and default, an index expression, a view). Its read-only role is provisioned by the
/// AppHost's own grant code with <c>Schemas</c> = <see cref="Allowed"/>, and a connector serves it over stdio with the
/// same allow-list. Every name of the outside schema carries <see cref="Marker"/>, so a leak is a substring.
/// </summary>
public sealed class ScopedDatabase : IAsyncLifetime
{
    public const string Collection = "scoped-database";
    public const string Database = "scopedb";
    public const string Role = "scope_reader";
    public const string Password = "scope-reader-pw-8d2f";
    public const string Allowed = "shop";
    public const string Outside = "vault_x9";
    public const string OutsideTable = "hidden_ledger_q7";

    /// <summary>In every name of the outside schema (its own name has <see cref="Outside"/>).</summary>
    public const string Marker = "_q7";

    private readonly ConcurrentQueue<string> stderr = new();

    public TestPostgresServer Server { get; } = new("shared_preload_libraries=pg_stat_statements");

    /// <summary>The connector, over stdio, serving <see cref="Database"/> as <c>maindb</c> with <c>Schemas</c> = <see cref="Allowed"/>.</summary>
    public McpClient Client { get; private set; } = null!;

    /// <summary>What the connector wrote to stderr (its log).</summary>
    public IReadOnlyCollection<string> ConnectorLog => stderr;

    public string SuperuserConnectionString => Server.SuperuserConnectionString(Database);

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        await Server.ExecuteAsync($"CREATE DATABASE {Database}; CREATE ROLE {Role} LOGIN PASSWORD '{Password}'");
        foreach (var statement in ReadOnlyGrants.ForRole(Role))
        {
            await Server.ExecuteAsync(statement);
        }

        await Server.ExecuteAsync(
            $"""
            CREATE EXTENSION pg_stat_statements; CREATE EXTENSION hypopg;
            CREATE SCHEMA {Allowed}; CREATE SCHEMA {Outside};
            CREATE EXTENSION pg_trgm SCHEMA {Outside};
            CREATE TYPE {Outside}.hidden_type{Marker} AS ENUM ('a', 'b');
            CREATE SEQUENCE {Outside}.hidden_seq{Marker} MAXVALUE 100; SELECT setval('{Outside}.hidden_seq{Marker}', 95);
            CREATE SEQUENCE {Outside}.hidden_ctr{Marker};
            CREATE FUNCTION {Outside}.hidden_fn{Marker}(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1';
            CREATE TABLE {Outside}.{OutsideTable} (id int PRIMARY KEY, hidden_col{Marker} text, amount int);
            INSERT INTO {Outside}.{OutsideTable} SELECT g, 'x', g % 10 FROM generate_series(1, 2000) g;
            CREATE INDEX hidden_idx{Marker} ON {Outside}.{OutsideTable} (amount);
            CREATE INDEX hidden_dup{Marker} ON {Outside}.{OutsideTable} (amount);
            ALTER TABLE {Outside}.{OutsideTable} ADD CONSTRAINT hidden_check{Marker} CHECK (amount >= 0) NOT VALID;
            CREATE VIEW {Outside}.hidden_view{Marker} AS SELECT id FROM {Outside}.{OutsideTable};

            CREATE SEQUENCE {Allowed}.order_seq MAXVALUE 100; SELECT setval('{Allowed}.order_seq', 95);
            CREATE TABLE {Allowed}.orders (
                id int PRIMARY KEY, ledger_id int REFERENCES {Outside}.{OutsideTable} (id), kind {Outside}.hidden_type{Marker},
                n int DEFAULT nextval('{Outside}.hidden_ctr{Marker}'), amount int);
            INSERT INTO {Allowed}.orders (id, ledger_id, kind, amount) SELECT g, g, 'a', g % 10 FROM generate_series(1, 2000) g;
            CREATE INDEX orders_amount_idx ON {Allowed}.orders (amount);
            CREATE INDEX orders_amount_dup ON {Allowed}.orders (amount);
            CREATE INDEX orders_fn_idx ON {Allowed}.orders ({Outside}.hidden_fn{Marker}(amount));
            ALTER TABLE {Allowed}.orders ADD CONSTRAINT orders_amount_check CHECK (amount >= 0) NOT VALID;
            CREATE VIEW {Allowed}.order_notes AS SELECT o.id, l.hidden_col{Marker} AS note FROM {Allowed}.orders o JOIN {Outside}.{OutsideTable} l ON l.id = o.ledger_id;
            CREATE VIEW {Allowed}.big_orders AS SELECT id, amount FROM {Allowed}.orders WHERE amount > 5;
            ANALYZE;
            """,
            Database);
        // CREATE INDEX CONCURRENTLY that fails leaves an invalid index behind: one per schema.
        await FailQuietlyAsync($"CREATE UNIQUE INDEX CONCURRENTLY hidden_bad{Marker} ON {Outside}.{OutsideTable} (amount)");
        await FailQuietlyAsync($"CREATE UNIQUE INDEX CONCURRENTLY orders_bad_idx ON {Allowed}.orders (amount)");

        // The AppHost's own provisioning of the read-only role, with the allow-list.
        await LocalPostgresProvisioner.GrantReadsAsync(SuperuserConnectionString, Role, [Allowed], NullLogger.Instance, CancellationToken.None);

        // A workload in both schemas, for pg_stat_statements.
        for (var i = 0; i < 5; i++)
        {
            await Server.ExecuteAsync($"SELECT count(*) FROM {Outside}.{OutsideTable} WHERE amount = {i}", Database);
            await Server.ExecuteAsync($"SELECT count(*) FROM {Allowed}.orders WHERE amount = {i}", Database);
        }

        Client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [Path.Combine(RepositoryPaths.Root, "McpPlatform.Connectors.Postgres", "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.Connectors.Postgres.dll"), "--stdio"],
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["ConnectionStrings__maindb"] = Server.ConnectionString(Role, Password, Database),
                // A list, and a name the database does not have (the connector warns about it at start).
                ["Postgres__Databases__maindb__Schemas__0"] = Allowed,
                ["Postgres__Databases__maindb__Schemas__1"] = "not_there_yet",
            },
            Name = "postgres-scoped",
            StandardErrorLines = stderr.Enqueue,
        }));
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    private async Task FailQuietlyAsync(string sql)
    {
        try
        {
            await Server.ExecuteAsync(sql, Database);
        }
        catch (PostgresException)
        {
        }
    }
}

[CollectionDefinition(ScopedDatabase.Collection)]
public sealed class ScopedDatabaseCollection : ICollectionFixture<ScopedDatabase>;
