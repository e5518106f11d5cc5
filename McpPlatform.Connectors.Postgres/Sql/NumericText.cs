namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>A numeric too large for decimal, kept as its exact text.</summary>
public sealed record NumericText(string Text);
