using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>Adds a PostgreSQL server that runs from the machine's own binaries, with no container runtime.</summary>
public static class LocalPostgresBuilderExtensions
{
    /// <summary>The script, relative to the AppHost's directory, that runs the server in the foreground.</summary>
    private const string RunScript = "LocalPostgres/run-postgres.sh";

    /// <summary>
    /// Adds a local PostgreSQL 15 server process. Its data lives in <paramref name="dataDirectory"/>
    /// (created with initdb on first run) and it listens on 127.0.0.1 only.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="dataDirectory">The data directory; a dev run and a test must not share one.</param>
    /// <param name="binDirectory">Where the PostgreSQL binaries are (Debian: /usr/lib/postgresql/15/bin).</param>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, string binDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(binDirectory);

        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var server = new LocalPostgresServerResource(name, "bash", builder.AppHostDirectory, password);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => ConnectionStringOf(server),
            name: healthCheckKey);

        builder.Eventing.Subscribe<ResourceReadyEvent>(server, (@event, cancellationToken) =>
            LocalPostgresProvisioner.ProvisionAsync(server, @event.Services, cancellationToken));

        return builder.AddResource(server)
            .WithArgs(RunScript)
            .WithEndpoint(name: LocalPostgresServerResource.PrimaryEndpointName, scheme: "tcp", env: "PGPORT")
            .WithEnvironment("PGDATA", dataDirectory)
            .WithEnvironment("PG_BIN_DIR", binDirectory)
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// Adds a database that the AppHost creates on the server, with its own login role, when the server is ready.
    /// </summary>
    /// <param name="builder">The server.</param>
    /// <param name="name">The resource (connection) name.</param>
    /// <param name="roleName">The role consumers log in as.</param>
    /// <param name="readOnlyLogin">True for a non-superuser role that can only read (see <see cref="LocalPostgresLogin"/>).</param>
    /// <param name="databaseName">The database name in PostgreSQL; defaults to <paramref name="name"/>.</param>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> builder, string name, string roleName, bool readOnlyLogin, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(roleName);

        var appBuilder = builder.ApplicationBuilder;
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(appBuilder, $"{name}-{roleName.Replace('_', '-')}-password", special: false);
        var login = new LocalPostgresLogin(roleName, password, readOnlyLogin);
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, login, builder.Resource);
        builder.Resource.Databases[name] = database;

        var healthCheckKey = $"{name}_check";
        appBuilder.Services.AddHealthChecks().AddNpgSql(_ => ConnectionStringOf(database), name: healthCheckKey);

        return appBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", database.DatabaseName), new("postgres.role", roleName)],
            })
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>SQL run once, when the database is first created.</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> WithSeedSql(
        this IResourceBuilder<LocalPostgresDatabaseResource> builder, string sql)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.SeedSql = sql;
        return builder;
    }

    /// <summary>
    /// The only user schemas a read-only login is granted (names as in <c>pg_namespace</c>); by default every user schema.
    /// Grants on the others are revoked at every start.
    /// </summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> WithSchemas(
        this IResourceBuilder<LocalPostgresDatabaseResource> builder, IEnumerable<string> schemas)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Schemas.AddRange(schemas);
        return builder;
    }

    /// <summary>Extensions to create in the database when the server has them installed.</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> WithExtensions(
        this IResourceBuilder<LocalPostgresDatabaseResource> builder, params string[] extensions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Extensions.AddRange(extensions);
        return builder;
    }

    // Health checks run only once the resource is running, when its endpoint is allocated.
    private static string ConnectionStringOf(IResourceWithConnectionString resource) =>
        resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()
        ?? throw new InvalidOperationException($"The connection string of '{resource.Name}' is not available yet.");
}
