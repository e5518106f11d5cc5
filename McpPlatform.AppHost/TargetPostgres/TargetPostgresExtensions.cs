using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>
/// The PostgreSQL server the connectors work on. By default an embedded local server process (no container
/// runtime needed); with <c>Postgres:Runtime=container</c>, and always when publishing, Aspire's PostgreSQL container.
/// </summary>
internal static class TargetPostgresExtensions
{
    /// <summary>The role the Postgres connector logs in as on the embedded server: read grants only.</summary>
    public const string ConnectorRoleName = "mcp_readonly";

    /// <summary>
    /// The database <paramref name="databaseName"/> on the target server, reached as the read-only role, which is granted
    /// only <paramref name="schemas"/> when any are listed (else every user schema).
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddTargetPostgres(
        this IDistributedApplicationBuilder builder, string serverName, string databaseName, IReadOnlyList<string> schemas)
    {
        var runtime = builder.Configuration["Postgres:Runtime"] ?? "local";
        if (builder.ExecutionContext.IsPublishMode || string.Equals(runtime, "container", StringComparison.OrdinalIgnoreCase))
        {
            return builder.AddContainerPostgres(serverName, databaseName, schemas);
        }

        if (!string.Equals(runtime, "local", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Postgres:Runtime is '{runtime}': use 'local' (default, embedded server process) or 'container'.");
        }

        var dataDirectory = builder.Configuration["LocalPostgres:DataDirectory"] ?? DefaultDataDirectory();
        var binDirectory = builder.Configuration["LocalPostgres:BinDirectory"] ?? "/usr/lib/postgresql/15/bin";
        var seed = File.ReadAllText(Path.Combine(builder.AppHostDirectory, "LocalPostgres", "demo-seed.sql"));

        return builder.AddLocalPostgres(serverName, dataDirectory, binDirectory)
            .AddDatabase(databaseName, ConnectorRoleName, readOnlyLogin: true)
            .WithSeedSql(seed)
            .WithExtensions("pg_stat_statements", "hypopg")
            .WithSchemas(schemas);
    }

    /// <summary>
    /// Tells a connector which schemas of <paramref name="databaseName"/> it serves (<c>Postgres:Databases:&lt;name&gt;:Schemas</c>,
    /// comma-separated); nothing when none are listed, so it serves every schema.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServedSchemas(
        this IResourceBuilder<ProjectResource> builder, string databaseName, IReadOnlyList<string> schemas) =>
        schemas.Count == 0 ? builder : builder.WithEnvironment($"Postgres__Databases__{databaseName}__Schemas", string.Join(',', schemas));

    /// <summary>
    /// PostgreSQL as a container (needs Docker; what compose deployments run): its init script creates the
    /// database and the read-only role the connectors log in as.
    /// </summary>
    private static IResourceBuilder<IResourceWithConnectionString> AddContainerPostgres(
        this IDistributedApplicationBuilder builder, string serverName, string databaseName, IReadOnlyList<string> schemas)
    {
        var readOnlyPassword = builder.AddParameter(
            $"{databaseName}-readonly-password", new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
        var server = builder.AddPostgres(serverName)
            .WithDataVolume($"mcpplatform-{serverName}-data")
            .WithInitFiles(Path.Combine(builder.AppHostDirectory, "TargetPostgres", "initdb"))
            .WithEnvironment("MCP_READONLY_PASSWORD", readOnlyPassword)
            .WithEnvironment("MCP_DATABASE", databaseName)
            .WithArgs("-c", "shared_preload_libraries=pg_stat_statements");
        if (schemas.Count > 0)
        {
            // The init script creates these schemas in the new database and grants the role only them.
            server.WithEnvironment("MCP_SCHEMAS", string.Join(',', schemas));
        }

        var database = new ReadOnlyDatabaseResource(databaseName, databaseName, ConnectorRoleName, readOnlyPassword.Resource, server.Resource);
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, (@event, _) =>
            @event.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            }));
        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting, Properties = [] });
    }

    private static string DefaultDataDirectory()
    {
        // As root, postgres runs as the `postgres` user, which cannot enter /root: keep the data under /var/lib.
        if (Environment.UserName == "root")
        {
            return "/var/lib/mcpplatform/postgres-15";
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "mcpplatform", "postgres-15");
    }
}
