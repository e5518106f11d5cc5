using ModelContextProtocol;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>Resolves the tools' <c>database</c> argument to a configured database; the first one is the default.</summary>
public sealed class DatabaseRegistry(IReadOnlyList<DatabaseTarget> databases)
{
    public IReadOnlyList<DatabaseTarget> Databases { get; } = databases;

    public DatabaseTarget Resolve(string? database)
    {
        if (string.IsNullOrWhiteSpace(database))
        {
            return Databases[0];
        }

        return Databases.FirstOrDefault(target => string.Equals(target.Name, database, StringComparison.Ordinal))
            ?? throw new McpException($"Unknown database '{database}'. Configured databases: {string.Join(", ", Databases.Select(target => target.Name))}.");
    }
}
