using McpPlatform.Connectors.Postgres.Sql;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>A configured database: its name, access mode and connection pool.</summary>
public sealed record DatabaseTarget(string Name, AccessMode AccessMode, NpgsqlDataSource DataSource)
{
    public bool IsRestricted => AccessMode == AccessMode.Restricted;

    /// <summary>Serve this restricted database even when its role is privileged (see <see cref="RoleCheck"/>).</summary>
    public bool AllowPrivilegedRole { get; init; }

    /// <summary>The schemas this database's catalog tools, resources, completions and statistics show.</summary>
    public SchemaScope Schemas { get; init; } = SchemaScope.All;

    /// <summary>The check of the role this database is reached as.</summary>
    public RoleCheck Role { get; } = new();

    /// <summary>A pooled connection; a restricted database whose role is privileged is refused first (<see cref="RoleCheck"/>).</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (IsRestricted)
        {
            await Role.EnsureServedAsync(this, cancellationToken);
        }

        return await DataSource.OpenConnectionAsync(cancellationToken);
    }
}
