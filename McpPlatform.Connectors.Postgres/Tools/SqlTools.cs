using System.ComponentModel;
using System.Text.Json;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>Runs SQL written by the client.</summary>
[McpServerToolType]
public sealed class SqlTools(StatementRunner runner, DatabaseRegistry databases)
{
    [McpServerTool(Name = "execute_sql", Title = "Execute SQL", ReadOnly = true, Destructive = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(QueryResult))]
    [Description("Runs one SQL statement and returns its rows: as text, a row count line, a header of name:type cells, then one tab-separated line per row, where NULL is SQL NULL and a value in double quotes is a JSON string (used for empty text, 'NULL', line breaks, tabs); as structured content, JSON with column names and types. In restricted mode (the default) only reads run: the statement runs in a read-only transaction that is always rolled back, and writes, file access, locks and configuration changes are refused. Results are capped in rows and bytes: 'truncated' says when rows were dropped.")]
    public async Task<CallToolResult> ExecuteSqlAsync(
        [Description("Exactly one SQL statement, e.g. SELECT * FROM demo.customers LIMIT 10")] string sql,
        [Description("The configured database to run it on; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new McpException("The 'sql' argument is empty: pass one SQL statement.");
        }

        var target = databases.Resolve(database);
        var result = await ToolErrors.GuardAsync(() => runner.ExecuteAsync(target, sql, cancellationToken));

        // The structured content the SDK would make of the result, made here once: returned as a result, the SDK does
        // not also write it as JSON text, which the readable text (WithReadableToolResults) would replace anyway.
        return new CallToolResult { StructuredContent = JsonSerializer.SerializeToElement(result, ToolJson.Options), Content = [] };
    }
}
