using System.Text.Json.Nodes;
using McpPlatform.Connectors.Postgres.Databases;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>
/// Runs the connector's own catalog and statistics queries (never client text), with positional
/// parameters, inside the same read-only, rolled-back, time-bounded transaction as a restricted client statement.
/// </summary>
public sealed class TrustedQuery(IOptions<SqlExecutionOptions> options)
{
    public async Task<IReadOnlyList<JsonObject>> RowsAsync(DatabaseTarget database, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        var settings = options.Value;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var batch = StatementBatch.CreateEmpty(connection, settings);
        // Our own SQL only: no client text to scan, whatever the string syntax.
        foreach (var text in StatementBatch.Opening(AccessMode.Restricted, settings, standardStrings: true))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(text));
        }

        var query = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            // A typed parameter (a schema scope's text[], null or not) goes as it is.
            query.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter ?? DBNull.Value });
        }

        batch.BatchCommands.Add(query);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(StatementBatch.Closing(AccessMode.Restricted)));
        try
        {
            IReadOnlyList<JsonObject> rows = [];
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                do
                {
                    if (reader.FieldCount > 0)
                    {
                        rows = (await ResultReader.ReadAsync(reader, settings.MaxRows, settings.MaxResultBytes, cancellationToken)).Rows;
                    }
                }
                while (await reader.NextResultAsync(cancellationToken));
            }

            return rows;
        }
        catch (PostgresException)
        {
            await StatementBatch.RollBackQuietlyAsync(connection);
            throw;
        }
    }

    /// <summary>Whether an extension is installed in the database.</summary>
    public async Task<bool> HasExtensionAsync(DatabaseTarget database, string extension, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(database, "SELECT 1 AS present FROM pg_extension WHERE extname = $1", cancellationToken, extension);
        return rows.Count > 0;
    }
}
