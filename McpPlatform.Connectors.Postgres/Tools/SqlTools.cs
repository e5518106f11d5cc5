using System.ComponentModel;
using McpPlatform.Connectors.Postgres.Sql;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>Runs SQL written by the client.</summary>
[McpServerToolType]
public sealed class SqlTools(StatementRunner runner)
{
    [McpServerTool(Name = "execute_sql", Title = "Execute SQL", ReadOnly = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Runs one SQL statement and returns its rows as JSON with column names and types. In restricted mode (the default) the statement runs in a read-only transaction that is always rolled back; several statements in one call are refused. Results are capped in rows and bytes: 'truncated' says when rows were dropped.")]
    public async Task<QueryResult> ExecuteSqlAsync(
        [Description("Exactly one SQL statement, e.g. SELECT * FROM demo.customers LIMIT 10")] string sql,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new McpException("The 'sql' argument is empty: pass one SQL statement.");
        }

        try
        {
            return await runner.ExecuteAsync(sql, cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw new McpException($"PostgreSQL error {ex.SqlState}: {ex.MessageText}");
        }
        catch (NpgsqlException ex)
        {
            throw new McpException($"The database could not run the statement: {ex.Message}");
        }
    }
}
