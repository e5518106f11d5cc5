namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>SQL text that cannot be scanned (an unterminated string or comment): refused, never guessed at.</summary>
public sealed class SqlScanException(string message) : Exception(message);
