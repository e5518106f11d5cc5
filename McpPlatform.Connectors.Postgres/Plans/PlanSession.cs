using System.Globalization;
using System.Text.Json;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using McpPlatform.Connectors.Postgres.Sql.Safety;
using ModelContextProtocol;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Plans;

/// <summary>
/// One connection in a read-only transaction for planning work: EXPLAIN (also of parameterized text, through
/// a generic plan), and hypothetical indexes. Disposing it removes every hypothetical index (they belong to
/// the session, not the transaction) and rolls back.
/// </summary>
public sealed class PlanSession : IAsyncDisposable
{
    private const string PreparedName = "mcpplatform_explain";
    private readonly NpgsqlConnection connection;
    private bool hypotheticalIndexesCreated;
    private bool deallocatePending;

    private PlanSession(NpgsqlConnection connection, bool hasHypopg)
    {
        this.connection = connection;
        HasHypopg = hasHypopg;
    }

    /// <summary>Whether the hypopg extension is installed in the database.</summary>
    public bool HasHypopg { get; }

    public static async Task<PlanSession> OpenAsync(DatabaseTarget database, SqlExecutionOptions options, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            foreach (var text in StatementBatch.Opening(AccessMode.Restricted, options, StatementBatch.HasStandardStrings(connection)))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(text));
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg')"));
            var hasHypopg = (bool)(await batch.ExecuteScalarAsync(cancellationToken))!;
            return new PlanSession(connection, hasHypopg);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The plan of <paramref name="sql"/> as PostgreSQL's JSON (the first element of EXPLAIN's array).
    /// Text with <c>$1</c>-style parameters is planned generically, as a prepared statement.
    /// </summary>
    public async Task<JsonElement> ExplainAsync(string sql, bool analyze, bool verbose, CancellationToken cancellationToken)
    {
        var options = "FORMAT JSON" + (analyze ? ", ANALYZE, BUFFERS" : string.Empty) + (verbose ? ", VERBOSE" : string.Empty);
        var parameterCount = ParameterCount(sql);
        string json;
        if (parameterCount == 0)
        {
            json = await ScalarAsync<string>($"EXPLAIN ({options}) {sql}", cancellationToken);
        }
        else
        {
            if (analyze)
            {
                throw new McpException("EXPLAIN ANALYZE needs values for the query's $n parameters: write them into the query.");
            }

            await ExecuteAsync("SET LOCAL plan_cache_mode = force_generic_plan", cancellationToken);
            await ExecuteAsync($"PREPARE {PreparedName} AS {sql}", cancellationToken);
            try
            {
                var arguments = string.Join(", ", Enumerable.Repeat("NULL", parameterCount));
                json = await ScalarAsync<string>($"EXPLAIN ({options}) EXECUTE {PreparedName}({arguments})", cancellationToken);
            }
            finally
            {
                try
                {
                    await ExecuteAsync($"DEALLOCATE {PreparedName}", CancellationToken.None);
                }
                catch (PostgresException)
                {
                    // The transaction is aborted: deallocate after the rollback, when disposing.
                    deallocatePending = true;
                }
            }
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement[0].Clone();
    }

    /// <summary>
    /// Runs a step that may fail (a query that does not plan, an index a column cannot take) under a savepoint,
    /// so that its failure leaves the session usable: the error comes back instead of aborting the transaction.
    /// </summary>
    public async Task<(T? Value, PostgresException? Error)> TryAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        await ExecuteAsync("SAVEPOINT mcpplatform_step", cancellationToken);
        try
        {
            var value = await step();
            await ExecuteAsync("RELEASE SAVEPOINT mcpplatform_step", cancellationToken);
            return (value, null);
        }
        catch (PostgresException ex)
        {
            await ExecuteAsync("ROLLBACK TO SAVEPOINT mcpplatform_step", cancellationToken);
            return (default, ex);
        }
    }

    /// <summary>Creates a hypothetical index; returns its OID and estimated size in bytes.</summary>
    public async Task<(long Oid, long Bytes)> CreateHypotheticalIndexAsync(HypotheticalIndex index, CancellationToken cancellationToken)
    {
        if (!HasHypopg)
        {
            throw new McpException("Hypothetical indexes need the hypopg extension: CREATE EXTENSION hypopg (Debian package postgresql-15-hypopg).");
        }

        await using var command = new NpgsqlCommand("SELECT indexrelid::bigint, hypopg_relation_size(indexrelid)::bigint FROM hypopg_create_index($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = index.ToCreateIndexSql() });
        hypotheticalIndexesCreated = true;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task DropHypotheticalIndexAsync(long oid, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT hypopg_drop_index($1::oid)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = oid });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (connection.FullState.HasFlag(System.Data.ConnectionState.Open))
            {
                // After an error the transaction is aborted: end it first, then clear the session-level indexes.
                await ExecuteAsync("ROLLBACK", CancellationToken.None);
                if (deallocatePending)
                {
                    await ExecuteAsync($"DEALLOCATE {PreparedName}", CancellationToken.None);
                }

                if (hypotheticalIndexesCreated)
                {
                    await ExecuteAsync("SELECT hypopg_reset()", CancellationToken.None);
                }
            }
        }
        catch (NpgsqlException)
        {
            // A broken connection is discarded by the pool, and hypothetical indexes die with its backend.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>The highest <c>$n</c> in the text (0 when none), read from its tokens so strings do not count.</summary>
    internal static int ParameterCount(string sql)
    {
        try
        {
            return SqlLexer.Tokenize(sql)
                .Where(token => token.Kind == SqlTokenKind.Parameter)
                .Select(token => int.Parse(token.Text.AsSpan(1), CultureInfo.InvariantCulture))
                .DefaultIfEmpty(0)
                .Max();
        }
        catch (SqlScanException)
        {
            return 0;
        }
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
