using System.ComponentModel;
using System.Text.Json.Nodes;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>A schema of the database: its name, owner and whether PostgreSQL or a user made it.</summary>
public sealed record SchemaInfo(string Name, string Owner, string Kind);

/// <summary>The result of <c>list_schemas</c> (structured content must be a JSON object, not an array).</summary>
public sealed record SchemaList(string Database, IReadOnlyList<SchemaInfo> Schemas);

/// <summary>The result of <c>list_objects</c>.</summary>
public sealed record ObjectList(string Database, string? Schema, string ObjectType, IReadOnlyList<JsonObject> Objects);

/// <summary>The result of <c>get_object_details</c>; sections that do not apply to the object type are null.</summary>
public sealed record ObjectDetails(
    string Database,
    string Schema,
    string Name,
    string ObjectType,
    JsonObject? Summary,
    IReadOnlyList<JsonObject>? Columns,
    IReadOnlyList<JsonObject>? Constraints,
    IReadOnlyList<JsonObject>? Indexes,
    string? Definition);

/// <summary>Tools that describe the database's structure.</summary>
[McpServerToolType]
public sealed class SchemaTools(TrustedQuery query, DatabaseRegistry databases)
{
    private static readonly string ListSchemasSql = $"""
        SELECT n.nspname AS name,
               pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
               CASE WHEN n.nspname IN ('pg_catalog', 'information_schema', 'pg_toast')
                         OR n.nspname LIKE 'pg\_temp\_%' OR n.nspname LIKE 'pg\_toast\_temp\_%'
                    THEN 'system' ELSE 'user' END AS kind
        FROM pg_catalog.pg_namespace n
        WHERE {ScopeSql.Shows("n.nspname", 1)}
        ORDER BY 3 DESC, 1
        """;

    private static readonly string ListRelationsSql = $"""
        SELECT c.relname AS name,
               CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
                              WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' END AS kind,
               pg_catalog.pg_get_userbyid(c.relowner) AS owner,
               CASE WHEN c.relkind IN ('r', 'p', 'm') AND c.reltuples >= 0 THEN c.reltuples::bigint END AS row_estimate,
               pg_catalog.pg_total_relation_size(c.oid) AS total_bytes,
               obj_description(c.oid, 'pg_class') AS comment
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind::text = ANY ($2) AND {ScopeSql.Shows("n.nspname", 3)}
        ORDER BY 1
        """;

    private static readonly string ListExtensionsSql = $"""
        SELECT e.extname AS name, e.extversion AS version, n.nspname AS schema,
               obj_description(e.oid, 'pg_extension') AS comment
        FROM pg_catalog.pg_extension e
        JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
        WHERE ($1::text IS NULL OR n.nspname = $1) AND {ScopeSql.Shows("n.nspname", 2)}
        ORDER BY 1
        """;

    /// <summary>The relation <c>$1.$2</c> (exact names) when its schema is shown: an outside one is answered for as a missing one.</summary>
    private static readonly string RelationSql = $"""
        SELECT c.oid::bigint AS oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND {ScopeSql.Shows("n.nspname", 3)}
        """;

    private const string RelationSummarySql = """
        SELECT c.relkind::text AS relkind,
               CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END AS row_estimate,
               pg_catalog.pg_total_relation_size(c.oid) AS total_bytes,
               pg_catalog.pg_relation_size(c.oid) AS table_bytes,
               pg_catalog.pg_indexes_size(c.oid) AS index_bytes,
               pg_catalog.pg_get_userbyid(c.relowner) AS owner,
               obj_description(c.oid, 'pg_class') AS comment
        FROM pg_catalog.pg_class c
        WHERE c.oid = $1::oid
        """;

    // Definitions that would name an object outside the shown schemas (a type, a sequence, a referenced table) are null.
    private static readonly string ColumnsSql = $"""
        SELECT a.attname AS name,
               CASE WHEN {ScopeSql.TypeOutside("a.atttypid", 2)} THEN NULL ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END AS type,
               NOT a.attnotnull AS nullable,
               CASE WHEN {ScopeSql.DependsOutside("pg_attrdef", "d.oid", 2)} THEN NULL ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS default,
               CASE WHEN a.attidentity <> '' THEN true ELSE false END AS identity,
               col_description(a.attrelid, a.attnum) AS comment
        FROM pg_catalog.pg_attribute a
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    private static readonly string ConstraintsSql = $"""
        SELECT con.conname AS name,
               CASE con.contype WHEN 'p' THEN 'primary key' WHEN 'f' THEN 'foreign key' WHEN 'u' THEN 'unique'
                                WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'trigger' ELSE con.contype::text END AS type,
               CASE WHEN {ScopeSql.DependsOutside("pg_constraint", "con.oid", 2)} THEN NULL ELSE pg_catalog.pg_get_constraintdef(con.oid, true) END AS definition,
               con.convalidated AS validated
        FROM pg_catalog.pg_constraint con
        WHERE con.conrelid = $1::oid
        ORDER BY 2, 1
        """;

    private static readonly string IndexesSql = $"""
        SELECT i.relname AS name,
               CASE WHEN {ScopeSql.DependsOutside("pg_class", "x.indexrelid", 2)} THEN NULL ELSE pg_catalog.pg_get_indexdef(x.indexrelid) END AS definition,
               x.indisunique AS "unique", x.indisprimary AS "primary", x.indisvalid AS valid,
               pg_catalog.pg_relation_size(x.indexrelid) AS bytes,
               s.idx_scan AS scans
        FROM pg_catalog.pg_index x
        JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
        LEFT JOIN pg_catalog.pg_stat_all_indexes s ON s.indexrelid = x.indexrelid
        WHERE x.indrelid = $1::oid
        ORDER BY 1
        """;

    private static readonly string ViewDefinitionSql = $"""
        SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite r WHERE r.ev_class = $1::oid AND {ScopeSql.DependsOutside("pg_rewrite", "r.oid", 2)})
                    THEN NULL ELSE pg_catalog.pg_get_viewdef($1::oid, true) END AS definition
        """;

    private static readonly string SequenceSql = $"""
        SELECT data_type::text AS data_type, start_value, min_value, max_value, increment_by, cycle, cache_size, last_value,
               sequenceowner AS owner
        FROM pg_catalog.pg_sequences WHERE schemaname = $1 AND sequencename = $2 AND {ScopeSql.Shows("schemaname", 3)}
        """;

    private static readonly string ExtensionSql = $"""
        SELECT e.extname AS name, e.extversion AS version, n.nspname AS schema, e.extrelocatable AS relocatable,
               obj_description(e.oid, 'pg_extension') AS comment
        FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = $2 AND ($1 = '' OR n.nspname = $1) AND {ScopeSql.Shows("n.nspname", 3)}
        """;

    private static readonly Dictionary<string, string[]> RelationKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["table"] = ["r", "p", "f"],
        ["view"] = ["v", "m"],
        ["sequence"] = ["S"],
    };

    [McpServerTool(Name = "list_schemas", Title = "List schemas", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the schemas of the database with their owner and kind ('user' or 'system'), user schemas first.")]
    public Task<SchemaList> ListSchemasAsync(
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default)
    {
        var target = databases.Resolve(database);
        return ToolErrors.GuardAsync(async () =>
        {
            var rows = await query.RowsAsync(target, ListSchemasSql, cancellationToken, target.Schemas.Parameter());
            return new SchemaList(target.Name, [.. rows.Select(row => new SchemaInfo((string)row["name"]!, (string)row["owner"]!, (string)row["kind"]!))]);
        });
    }

    [McpServerTool(Name = "list_objects", Title = "List objects of a schema", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the tables, views, sequences or extensions of a schema, with owner, row estimate and size.")]
    public Task<ObjectList> ListObjectsAsync(
        [Description("The schema, e.g. 'public' or 'demo'. For extensions, an empty value lists every extension.")] string schema,
        [Description("One of: table, view, sequence, extension.")] string object_type = "table",
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default)
    {
        var target = databases.Resolve(database);
        var type = object_type.Trim().ToLowerInvariant();
        return ToolErrors.GuardAsync(async () =>
        {
            if (type == "extension")
            {
                var extensions = await query.RowsAsync(target, ListExtensionsSql, cancellationToken, string.IsNullOrWhiteSpace(schema) ? null : schema, target.Schemas.Parameter());
                return new ObjectList(target.Name, schema, type, extensions);
            }

            if (!RelationKinds.TryGetValue(type, out var kinds))
            {
                throw new McpException($"Unknown object_type '{object_type}': use table, view, sequence or extension.");
            }

            var rows = await query.RowsAsync(target, ListRelationsSql, cancellationToken, RequireName(schema, nameof(schema)), kinds, target.Schemas.Parameter());
            return new ObjectList(target.Name, schema, type, rows);
        });
    }

    [McpServerTool(Name = "get_object_details", Title = "Describe an object", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Describes a table, view, sequence or extension: columns (type, nullable, default), constraints, indexes (with size and scans), size and row estimate; a view's definition.")]
    public Task<ObjectDetails> GetObjectDetailsAsync(
        [Description("The schema of the object, e.g. 'demo'.")] string schema,
        [Description("The object's name, e.g. 'orders'.")] string name,
        [Description("One of: table, view, sequence, extension.")] string object_type = "table",
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default)
    {
        var target = databases.Resolve(database);
        var type = object_type.Trim().ToLowerInvariant();
        RequireName(name, nameof(name));
        return ToolErrors.GuardAsync(async () =>
        {
            switch (type)
            {
                case "sequence":
                    var sequence = await query.RowsAsync(target, SequenceSql, cancellationToken, schema, name, target.Schemas.Parameter());
                    return new ObjectDetails(target.Name, schema, name, type, FirstOrNotFound(sequence, schema, name), null, null, null, null);
                case "extension":
                    var extension = await query.RowsAsync(target, ExtensionSql, cancellationToken, schema ?? string.Empty, name, target.Schemas.Parameter());
                    return new ObjectDetails(target.Name, schema ?? string.Empty, name, type, FirstOrNotFound(extension, schema, name), null, null, null, null);
                case "table" or "view":
                    RequireName(schema, nameof(schema));
                    var oid = await RelationOidAsync(target, schema, name, cancellationToken);
                    var summary = (await query.RowsAsync(target, RelationSummarySql, cancellationToken, oid))[0];
                    var columns = await query.RowsAsync(target, ColumnsSql, cancellationToken, oid, target.Schemas.Parameter());
                    var constraints = await query.RowsAsync(target, ConstraintsSql, cancellationToken, oid, target.Schemas.Parameter());
                    var indexes = await query.RowsAsync(target, IndexesSql, cancellationToken, oid, target.Schemas.Parameter());
                    string? definition = null;
                    if ((string?)summary["relkind"] is "v" or "m")
                    {
                        var view = await query.RowsAsync(target, ViewDefinitionSql, cancellationToken, oid, target.Schemas.Parameter());
                        definition = (string?)view[0]["definition"];
                    }

                    return new ObjectDetails(target.Name, schema, name, type, summary, columns, constraints, indexes, definition);
                default:
                    throw new McpException($"Unknown object_type '{object_type}': use table, view, sequence or extension.");
            }
        });
    }

    /// <summary>
    /// The relation's OID. A missing relation and one in a schema outside the list get the same answer, word for word,
    /// whether or not their schema exists: nothing tells a caller that an outside object is there.
    /// </summary>
    private async Task<long> RelationOidAsync(DatabaseTarget target, string schema, string name, CancellationToken cancellationToken)
    {
        var rows = await query.RowsAsync(target, RelationSql, cancellationToken, schema, name, target.Schemas.Parameter());
        return rows.Count > 0 ? (long)rows[0]["oid"]! : throw new McpException($"Table or view \"{schema}.{name}\" does not exist (42P01).");
    }

    private static string RequireName(string? value, string parameter) =>
        string.IsNullOrWhiteSpace(value) ? throw new McpException($"The '{parameter}' argument is required.") : value;

    private static JsonObject FirstOrNotFound(IReadOnlyList<JsonObject> rows, string? schema, string name) =>
        rows.Count > 0 ? rows[0] : throw new McpException($"No such object: {schema}.{name}.");
}
