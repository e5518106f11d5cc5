using McpPlatform.Connectors.Postgres.Sql;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>
/// The databases the connector serves, by name, from the <c>Postgres:Databases</c> section. Each reads its
/// connection string from <c>ConnectionStrings:&lt;name&gt;</c>. The first is the tools' default.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Postgres";

    /// <summary>The databases by name; when empty, one database <c>maindb</c> in restricted mode.</summary>
    public Dictionary<string, DatabaseEntryOptions> Databases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The database tools use when a call names none. Default: <c>maindb</c> if configured, else the first by name.</summary>
    public string? DefaultDatabase { get; set; }
}

/// <summary>One database's settings.</summary>
public sealed class DatabaseEntryOptions
{
    /// <summary><c>Restricted</c> (default: reads only, defense in depth) or <c>Unrestricted</c>.</summary>
    public AccessMode AccessMode { get; set; } = AccessMode.Restricted;

    /// <summary>
    /// Serve a restricted database even when its role is a superuser, may read server files or run programs, or may
    /// read <c>pg_authid</c>. Default false: such a database is refused and readiness says why.
    /// </summary>
    public bool AllowPrivilegedRole { get; set; }

    /// <summary>
    /// The schemas the catalog tools, resources, completions and statistics show (an allow-list, names exactly as in
    /// <c>pg_namespace</c>); also a comma-separated value. Default: none listed, every schema shown. See <see cref="SchemaScope"/>.
    /// </summary>
    public List<string>? Schemas { get; set; }
}
