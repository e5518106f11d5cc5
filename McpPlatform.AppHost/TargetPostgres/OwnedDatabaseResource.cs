namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A database of a PostgreSQL container owned by its own login role, both created by the container's init script
/// (<c>TargetPostgres/initdb</c>): what the gateway gets for its keys and audit log in container and compose deployments.
/// </summary>
/// <param name="name">The resource (connection) name.</param>
/// <param name="databaseName">The database's name in PostgreSQL.</param>
/// <param name="roleName">The owning login role.</param>
/// <param name="password">The role's password.</param>
/// <param name="parent">The PostgreSQL container.</param>
public sealed class OwnedDatabaseResource(string name, string databaseName, string roleName, ParameterResource password, PostgresServerResource parent)
    : Resource(name), IResourceWithParent<PostgresServerResource>, IResourceWithConnectionString
{
    /// <inheritdoc />
    public PostgresServerResource Parent { get; } = parent;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Parent.PrimaryEndpoint.Property(EndpointProperty.Host)};Port={Parent.PrimaryEndpoint.Property(EndpointProperty.Port)};Username={roleName};Password={password};Database={databaseName}");
}
