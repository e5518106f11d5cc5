using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>Limits applied to every client statement. Bound from the <c>Sql</c> configuration section.</summary>
public sealed class SqlExecutionOptions
{
    public const string SectionName = "Sql";

    /// <summary>Server-side <c>statement_timeout</c> in milliseconds. Default 30 000.</summary>
    [Range(100, 3_600_000)]
    public int StatementTimeoutMs { get; set; } = 30_000;

    /// <summary>Server-side <c>lock_timeout</c> in milliseconds. Default 5 000.</summary>
    [Range(10, 3_600_000)]
    public int LockTimeoutMs { get; set; } = 5_000;

    /// <summary>Most rows returned by one call; the rest are dropped and the result says <c>truncated</c>. Default 1 000.</summary>
    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 1_000;

    /// <summary>Most bytes of row data (UTF-8 JSON) returned by one call. Default 1 MiB.</summary>
    [Range(1_024, 256 * 1024 * 1024)]
    public int MaxResultBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Functions restricted mode refuses on top of its own rules (names as PostgreSQL looks them up, any case).
    /// Default: none.
    /// </summary>
    public string[] DenyFunctions { get; set; } = [];

    /// <summary>
    /// How old, in seconds, a database's function catalog (which functions <c>pg_proc</c> marks volatile) may get
    /// before it is read again. Default 10: a function created or changed since is caught at once when it is new and
    /// called as <c>f(...)</c>, and within this interval when it is a new overload of a known name.
    /// </summary>
    [Range(1, 86_400)]
    public int FunctionCatalogRefreshSeconds { get; set; } = 10;
}
