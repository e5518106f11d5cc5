using System.Globalization;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>
/// Wraps one client statement in the transaction that bounds it. The client text is one batch command,
/// sent verbatim as one Parse message: PostgreSQL, not a string check, refuses a text with several statements.
/// </summary>
internal static class StatementBatch
{
    public static NpgsqlBatch Create(NpgsqlConnection connection, string clientSql, AccessMode accessMode, SqlExecutionOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientSql);

        var batch = new NpgsqlBatch(connection)
        {
            // The client-side timeout only backs up the server-side one.
            Timeout = (options.StatementTimeoutMs / 1000) + 5,
        };
        foreach (var text in CommandTexts(clientSql, accessMode, options))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(text));
        }

        return batch;
    }

    /// <summary>The texts of the batch, in order; the client's text is the only one that can return rows.</summary>
    public static IReadOnlyList<string> CommandTexts(string clientSql, AccessMode accessMode, SqlExecutionOptions options)
    {
        var restricted = accessMode == AccessMode.Restricted;
        return
        [
            restricted ? "BEGIN TRANSACTION READ ONLY" : "BEGIN",
            "SET LOCAL statement_timeout = " + options.StatementTimeoutMs.ToString(CultureInfo.InvariantCulture),
            "SET LOCAL lock_timeout = " + options.LockTimeoutMs.ToString(CultureInfo.InvariantCulture),
            clientSql,
            // Restricted mode never keeps anything, even if a client statement managed to write.
            restricted ? "ROLLBACK" : "COMMIT",
        ];
    }
}
