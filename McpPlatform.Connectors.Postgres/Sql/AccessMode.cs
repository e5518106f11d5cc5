namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>How much a client may do through <c>execute_sql</c>.</summary>
public enum AccessMode
{
    /// <summary>Reads only: every statement runs in a read-only transaction that is always rolled back.</summary>
    Restricted,

    /// <summary>Any single statement, committed when it succeeds.</summary>
    Unrestricted,
}
