using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Connectors.Postgres.Completion;

/// <summary>
/// <c>completion/complete</c>: suggests database, schema and table names for prompt arguments and for the
/// table-schema resource template, from the names that start with what the user typed.
/// </summary>
internal static class ArgumentCompletion
{
    private const int MaxValues = 100;

    private static readonly string SchemasSql = $"""
        SELECT nspname AS name FROM pg_catalog.pg_namespace
        WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\_%' AND nspname LIKE $1 || '%'
          AND {ScopeSql.Shows("nspname", 2)}
        ORDER BY 1 LIMIT 101
        """;

    private static readonly string TablesSql = $"""
        SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ($1 = '' OR n.nspname = $1) AND c.relname LIKE $2 || '%'
          AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND {ScopeSql.Shows("n.nspname", 3)}
        ORDER BY 1 LIMIT 101
        """;

    public static async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        var services = context.Services!;
        var registry = services.GetRequiredService<DatabaseRegistry>();
        var query = services.GetRequiredService<TrustedQuery>();
        var argument = context.Params?.Argument;
        var typed = argument?.Value ?? string.Empty;
        IReadOnlyDictionary<string, string> known = new Dictionary<string, string>(context.Params?.Context?.Arguments ?? new Dictionary<string, string>());

        IEnumerable<string> values = argument?.Name switch
        {
            "database" => registry.Databases.Select(database => database.Name).Where(name => name.StartsWith(typed, StringComparison.Ordinal)),
            "schema" => await NamesAsync(query, registry, known, SchemasSql, cancellationToken, Escape(typed)),
            "table" => await NamesAsync(query, registry, known, TablesSql, cancellationToken, known.GetValueOrDefault("schema") ?? string.Empty, Escape(typed)),
            _ => [],
        };

        var list = values.ToList();
        return new CompleteResult
        {
            Completion = new ModelContextProtocol.Protocol.Completion { Values = [.. list.Take(MaxValues)], Total = list.Count, HasMore = list.Count > MaxValues },
        };
    }

    private static async Task<IEnumerable<string>> NamesAsync(
        TrustedQuery query, DatabaseRegistry registry, IReadOnlyDictionary<string, string> known, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        try
        {
            var database = registry.Resolve(known.GetValueOrDefault("database"));
            var rows = await query.RowsAsync(database, sql, cancellationToken, [.. parameters, database.Schemas.Parameter()]);
            return rows.Select(row => (string)row["name"]!);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or ModelContextProtocol.McpException)
        {
            return []; // Suggestions are a convenience: no database, no suggestions.
        }
    }

    // LIKE treats % and _ as wildcards: what the user typed is matched literally.
    private static string Escape(string typed) =>
        typed.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
