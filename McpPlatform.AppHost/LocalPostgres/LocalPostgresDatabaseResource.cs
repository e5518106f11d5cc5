namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A database on a <see cref="LocalPostgresServerResource"/>, reached through its own login role.
/// </summary>
/// <param name="name">The resource name (what consumers use as their connection name).</param>
/// <param name="databaseName">The database's name in PostgreSQL.</param>
/// <param name="login">The role consumers log in as.</param>
/// <param name="parent">The server.</param>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresLogin login, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    /// <summary>The database's name in PostgreSQL.</summary>
    public string DatabaseName { get; } = databaseName;

    /// <summary>The role consumers log in as, and what it may do.</summary>
    public LocalPostgresLogin Login { get; } = login;

    /// <inheritdoc />
    public LocalPostgresServerResource Parent { get; } = parent;

    /// <summary>Optional SQL run once, when the database is first created (e.g. a demo schema with data).</summary>
    public string? SeedSql { get; set; }

    /// <summary>Extensions created in the database at every start when the server has them (others are logged).</summary>
    public List<string> Extensions { get; } = [];

    /// <summary>
    /// For a read-only login: the only user schemas it is granted (<c>Postgres:Databases:&lt;name&gt;:Schemas</c>);
    /// empty: every user schema.
    /// </summary>
    public List<string> Schemas { get; } = [];

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Parent.PrimaryEndpoint.Property(EndpointProperty.Host)};Port={Parent.PrimaryEndpoint.Property(EndpointProperty.Port)};Username={Login.RoleName};Password={Login.Password};Database={DatabaseName}");
}
