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

        var batch = CreateEmpty(connection, options);
        foreach (var text in CommandTexts(clientSql, accessMode, options, HasStandardStrings(connection)))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(text));
        }

        return batch;
    }

    /// <summary>A batch on <paramref name="connection"/> whose client-side timeout only backs up the server-side one.</summary>
    public static NpgsqlBatch CreateEmpty(NpgsqlConnection connection, SqlExecutionOptions options) =>
        new(connection) { Timeout = (options.StatementTimeoutMs / 1000) + 5 };

    /// <summary>The texts of the batch, in order; the client's text is the only one that can return rows.</summary>
    public static IReadOnlyList<string> CommandTexts(string clientSql, AccessMode accessMode, SqlExecutionOptions options, bool standardStrings) =>
        [.. Opening(accessMode, options, standardStrings), clientSql, Closing(accessMode)];

    /// <summary>
    /// What starts every transaction the connector runs: read-only in restricted mode, with the server-side
    /// statement and lock timeouts. Unless <paramref name="standardStrings"/> says the connection already has it,
    /// also <c>standard_conforming_strings = on</c>, the string syntax restricted mode's lexer reads (with it off, a
    /// backslash escapes a quote in <c>'...'</c>: <c>'\'', f() -- '</c> would call f). Each text is parsed only after
    /// the one before it ran, so the client's text is scanned with these settings.
    /// </summary>
    public static IEnumerable<string> Opening(AccessMode accessMode, SqlExecutionOptions options, bool standardStrings)
    {
        yield return accessMode == AccessMode.Restricted ? "BEGIN TRANSACTION READ ONLY" : "BEGIN";
        yield return "SET LOCAL statement_timeout = " + options.StatementTimeoutMs.ToString(CultureInfo.InvariantCulture);
        yield return "SET LOCAL lock_timeout = " + options.LockTimeoutMs.ToString(CultureInfo.InvariantCulture);
        if (!standardStrings)
        {
            yield return "SET LOCAL standard_conforming_strings = on";
        }
    }

    /// <summary>
    /// Whether the connection reads <c>'...'</c> strings the standard way now: PostgreSQL reports every change of
    /// <c>standard_conforming_strings</c> to the client (ParameterStatus), so this costs no round trip.
    /// </summary>
    public static bool HasStandardStrings(NpgsqlConnection connection) =>
        connection.PostgresParameters.TryGetValue("standard_conforming_strings", out var value) && value == "on";

    /// <summary>Restricted mode never keeps anything, even if a statement managed to write.</summary>
    public static string Closing(AccessMode accessMode) => accessMode == AccessMode.Restricted ? "ROLLBACK" : "COMMIT";

    /// <summary>
    /// Ends the transaction a failed batch left open before the connection goes back to the pool, so nothing of
    /// it is ever committed.
    /// </summary>
    public static async Task RollBackQuietlyAsync(NpgsqlConnection connection)
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
