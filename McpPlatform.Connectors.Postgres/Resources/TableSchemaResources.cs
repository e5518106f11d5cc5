using System.ComponentModel;
using System.Text.Json;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using McpPlatform.Connectors.Postgres.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Connectors.Postgres.Resources;

/// <summary>
/// Each table's and view's schema as an MCP resource, <c>postgres://{database}/{schema}/{table}</c>: listed
/// one per table, and readable through the resource template.
/// </summary>
[McpServerResourceType]
public sealed class TableSchemaResources(SchemaTools schemaTools)
{
    public const string UriPrefix = "postgres://";
    private const int MaxListed = 1000;

    private static readonly string TablesSql = $"""
        SELECT n.nspname AS schema, c.relname AS name,
               CASE WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END AS kind,
               obj_description(c.oid, 'pg_class') AS comment
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\_temp\_%'
          AND {ScopeSql.Shows("n.nspname", 2)}
        ORDER BY 1, 2
        LIMIT $1
        """;

    [McpServerResource(UriTemplate = UriPrefix + "{database}/{schema}/{table}", Name = "table_schema", Title = "Table schema", MimeType = "application/json")]
    [Description("The schema of a table or view: columns, constraints, indexes, size and row estimate.")]
    public async Task<string> ReadTableSchemaAsync(string database, string schema, string table, CancellationToken cancellationToken)
    {
        var type = await KindAsync(database, schema, table, cancellationToken);
        var details = await schemaTools.GetObjectDetailsAsync(schema, table, type, database, cancellationToken);
        return JsonSerializer.Serialize(details, McpJsonUtilities.DefaultOptions);
    }

    /// <summary>The handler for <c>resources/list</c>: one resource per table and view of every database.</summary>
    public static async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> context, CancellationToken cancellationToken)
    {
        var services = context.Services!;
        var registry = services.GetRequiredService<DatabaseRegistry>();
        var query = services.GetRequiredService<TrustedQuery>();
        var resources = new List<Resource>();
        foreach (var database in registry.Databases)
        {
            var rows = await ToolErrors.GuardAsync(() => query.RowsAsync(database, TablesSql, cancellationToken, MaxListed, database.Schemas.Parameter()));
            resources.AddRange(rows.Select(row => new Resource
            {
                Uri = $"{UriPrefix}{database.Name}/{Uri.EscapeDataString((string)row["schema"]!)}/{Uri.EscapeDataString((string)row["name"]!)}",
                Name = $"{database.Name}.{row["schema"]}.{row["name"]}",
                Title = $"{row["kind"]} {row["schema"]}.{row["name"]}",
                Description = (string?)row["comment"] ?? $"Schema of the {row["kind"]} {row["schema"]}.{row["name"]} in database {database.Name}.",
                MimeType = "application/json",
            }));
        }

        return new ListResourcesResult { Resources = resources };
    }

    private async Task<string> KindAsync(string database, string schema, string table, CancellationToken cancellationToken)
    {
        var objects = await schemaTools.ListObjectsAsync(schema, "view", database, cancellationToken);
        return objects.Objects.Any(row => (string?)row["name"] == table) ? "view" : "table";
    }
}
