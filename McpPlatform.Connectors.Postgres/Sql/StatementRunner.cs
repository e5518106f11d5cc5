using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql.Safety;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>Runs one client statement inside its bounding transaction and reads its rows.</summary>
public sealed class StatementRunner(IOptions<SqlExecutionOptions> options)
{
    /// <summary>
    /// Runs one client statement on <paramref name="database"/>. In restricted mode the text must first pass
    /// <see cref="RestrictedSqlGuard"/>; a refusal is an <see cref="McpException"/> naming the rule.
    /// </summary>
    public async Task<QueryResult> ExecuteAsync(DatabaseTarget database, string sql, CancellationToken cancellationToken)
    {
        if (database.IsRestricted && RestrictedSqlGuard.Check(sql) is { } refusal)
        {
            throw new McpException($"Refused: {refusal}");
        }

        var settings = options.Value;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = StatementBatch.Create(connection, sql, database.AccessMode, settings);
        try
        {
            QueryResult? result = null;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                do
                {
                    // Only the client's statement can return rows; the wrapping commands return none.
                    if (result is null && reader.FieldCount > 0)
                    {
                        result = await ResultReader.ReadAsync(reader, settings.MaxRows, settings.MaxResultBytes, cancellationToken);
                    }
                }
                while (await reader.NextResultAsync(cancellationToken));
            }

            return result ?? ResultReader.Empty;
        }
        catch (Exception) when (connection.State == System.Data.ConnectionState.Open)
        {
            // The batch stopped at the failing command: end the transaction it opened before the
            // connection goes back to the pool, so nothing of it is ever committed.
            await RollBackQuietlyAsync(connection);
            throw;
        }
    }

    private static async Task RollBackQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // A broken connection is discarded by the pool; the server aborts its transaction.
        }
    }
}
