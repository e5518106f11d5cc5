using System.ComponentModel;
using ModelContextProtocol.Server;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>A schema of the database: its name, owner and whether PostgreSQL or a user made it.</summary>
public sealed record SchemaInfo(string Name, string Owner, string Kind);

/// <summary>The result of <c>list_schemas</c> (structured content must be a JSON object, not an array).</summary>
public sealed record SchemaList(IReadOnlyList<SchemaInfo> Schemas);

/// <summary>Tools that describe the database's structure.</summary>
[McpServerToolType]
public sealed class SchemaTools(NpgsqlDataSource dataSource)
{
    private const string ListSchemasSql = """
        SELECT n.nspname,
               pg_catalog.pg_get_userbyid(n.nspowner),
               CASE WHEN n.nspname IN ('pg_catalog', 'information_schema', 'pg_toast')
                         OR n.nspname LIKE 'pg\_temp\_%' OR n.nspname LIKE 'pg\_toast\_temp\_%'
                    THEN 'system' ELSE 'user' END
        FROM pg_catalog.pg_namespace n
        ORDER BY 3 DESC, 1
        """;

    [McpServerTool(Name = "list_schemas", Title = "List schemas", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the schemas of the database with their owner and kind ('user' or 'system'), user schemas first.")]
    public async Task<SchemaList> ListSchemasAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ListSchemasSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var schemas = new List<SchemaInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            schemas.Add(new SchemaInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return new SchemaList(schemas);
    }
}
