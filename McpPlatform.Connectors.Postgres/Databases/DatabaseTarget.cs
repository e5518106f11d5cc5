using McpPlatform.Connectors.Postgres.Sql;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>A configured database: its name, access mode and connection pool.</summary>
public sealed record DatabaseTarget(string Name, AccessMode AccessMode, NpgsqlDataSource DataSource)
{
    public bool IsRestricted => AccessMode == AccessMode.Restricted;
}
