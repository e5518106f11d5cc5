using System.Text.Json.Nodes;

namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>A column of a result: its name and PostgreSQL type.</summary>
public sealed record QueryColumn(string Name, string Type);

/// <summary>The rows one statement returned, as JSON, within the configured caps.</summary>
/// <param name="Columns">Column names and PostgreSQL types, in order.</param>
/// <param name="Rows">One object per row keyed by column name (repeated names get a <c>_2</c>, <c>_3</c> suffix).</param>
/// <param name="RowCount">Rows returned here.</param>
/// <param name="Truncated">True when rows were dropped to respect the row or byte cap.</param>
/// <param name="Note">What to do about a truncated result.</param>
public sealed record QueryResult(
    IReadOnlyList<QueryColumn> Columns,
    IReadOnlyList<JsonObject> Rows,
    int RowCount,
    bool Truncated,
    string? Note);
