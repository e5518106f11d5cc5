using System.Data;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql.Safety;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>Runs one client statement inside its bounding transaction and reads its rows.</summary>
public sealed class StatementRunner(IOptions<SqlExecutionOptions> options, RestrictedSqlPolicy policy)
{
    /// <summary>
    /// Runs one client statement on <paramref name="database"/>. In restricted mode the text must first pass
    /// <see cref="RestrictedSqlPolicy"/>; a refusal is an <see cref="McpException"/> naming the rule.
    /// </summary>
    public async Task<QueryResult> ExecuteAsync(DatabaseTarget database, string sql, CancellationToken cancellationToken)
    {
        if (database.IsRestricted && await policy.CheckAsync(database, sql, cancellationToken) is { } refusal)
        {
            throw new McpException($"Refused: {refusal}");
        }

        var settings = options.Value;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var batch = StatementBatch.Create(connection, sql, database.AccessMode, settings);
        QueryResult? result = null;
        try
        {
            // Sequential access: a row's fields are read from the wire one by one, so a huge value past the
            // byte cap is never held in memory.
            await using (var reader = await batch.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken))
            {
                do
                {
                    // Only the client's statement can return rows; the wrapping commands return none.
                    if (result is null && reader.FieldCount > 0)
                    {
                        result = await ResultReader.ReadAsync(reader, settings.MaxRows, settings.MaxResultBytes, cancellationToken);
                        if (result.Truncated && database.IsRestricted)
                        {
                            // Everything is rolled back anyway: stop the server producing rows nobody reads.
                            batch.Cancel();
                            break;
                        }
                    }
                }
                while (await reader.NextResultAsync(cancellationToken));
            }

            return result ?? ResultReader.Empty;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.QueryCanceled && result is { Truncated: true })
        {
            await StatementBatch.RollBackQuietlyAsync(connection);
            return result;
        }
        catch (Exception) when (connection.State == ConnectionState.Open)
        {
            await StatementBatch.RollBackQuietlyAsync(connection);
            throw;
        }
    }
}
