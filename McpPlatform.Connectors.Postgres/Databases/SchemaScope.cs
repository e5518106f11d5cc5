using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>
/// The schemas a database's catalog tools, resources, completions and statistics show
/// (<c>Postgres:Databases:&lt;name&gt;:Schemas</c>): either every schema, or exactly the listed ones. The connector's
/// catalog queries take <see cref="Parameter"/> and filter on it in SQL (null: no filter), so an object outside the
/// list is answered for as one that does not exist.
/// </summary>
public sealed class SchemaScope
{
    /// <summary>PostgreSQL's longest identifier, in bytes (NAMEDATALEN - 1).</summary>
    private const int MaxNameBytes = 63;

    private SchemaScope(IReadOnlyList<string>? names) => Names = names;

    /// <summary>No allow-list: every schema is shown.</summary>
    public static SchemaScope All { get; } = new(null);

    /// <summary>The allowed schema names, exactly as in <c>pg_namespace</c>; null when every schema is shown.</summary>
    public IReadOnlyList<string>? Names { get; }

    /// <summary>Whether an allow-list is in force.</summary>
    public bool IsScoped => Names is not null;

    /// <summary>Whether <paramref name="schema"/> is shown.</summary>
    public bool Contains(string schema) => Names is null || Names.Contains(schema, StringComparer.Ordinal);

    /// <summary>
    /// The allow-list as a <c>text[]</c> query parameter (SQL NULL when every schema is shown). Typed, so a query may
    /// leave it unused; a new instance per command, as a parameter belongs to one command.
    /// </summary>
    public NpgsqlParameter Parameter() => new()
    {
        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        Value = Names is null ? DBNull.Value : Names.ToArray(),
    };

    /// <summary>
    /// The scope of database <paramref name="database"/> from its configured names (null or empty: every schema).
    /// Throws an <see cref="InvalidOperationException"/> naming the setting for a name PostgreSQL could not have as a
    /// user schema: empty, padded with spaces, longer than 63 bytes, holding a NUL, or a system schema (<c>pg_*</c>,
    /// <c>information_schema</c>: granting those would expose the catalogs, <c>pg_authid</c> included).
    /// </summary>
    public static SchemaScope Parse(string database, IEnumerable<string?>? names)
    {
        var list = names?.ToList() ?? [];
        if (list.Count == 0)
        {
            return All;
        }

        var setting = $"Postgres:Databases:{database}:Schemas";
        var allowed = new List<string>();
        foreach (var name in list)
        {
            if (Invalid(name) is { } reason)
            {
                throw new InvalidOperationException($"{setting} holds '{name}', which {reason}. List schema names exactly as PostgreSQL stores them (unquoted names are lower case), e.g. 'public' or 'sales'.");
            }

            if (!allowed.Contains(name!, StringComparer.Ordinal))
            {
                allowed.Add(name!);
            }
        }

        return new SchemaScope(allowed);
    }

    /// <summary>A comma-separated value (<c>Postgres__Databases__maindb__Schemas=public,sales</c>) as a list; null when empty.</summary>
    public static IReadOnlyList<string>? Split(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Split(',', StringSplitOptions.TrimEntries);

    private static string? Invalid(string? name) => name switch
    {
        null or "" => "is empty",
        _ when string.IsNullOrWhiteSpace(name) || name.Trim() != name => "begins or ends with white space",
        _ when name.Contains('\0', StringComparison.Ordinal) => "holds a NUL character",
        _ when Encoding.UTF8.GetByteCount(name) > MaxNameBytes => $"is longer than PostgreSQL's {MaxNameBytes} bytes",
        _ when name.StartsWith("pg_", StringComparison.Ordinal) || name == "information_schema" => "is a system schema, never a user schema to serve",
        _ => null,
    };
}
