using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>
/// The gateway's own database (virtual keys, audit log) on the server of the connectors' target database, owned by
/// its own login role <c>mcp_gateway</c> (it creates its tables itself, at start). Nothing else logs in as that role,
/// and the connectors' read-only role has no grant on it.
/// </summary>
internal static class GatewayDatabaseExtensions
{
    /// <summary>The role the gateway logs in as: the owner of its database, no superuser.</summary>
    public const string GatewayRoleName = "mcp_gateway";

    /// <summary>The database's name in PostgreSQL.</summary>
    public const string GatewayDatabaseName = "gatewaydb";

    /// <summary>
    /// Adds the gateway's database beside <paramref name="targetDatabase"/>: on the embedded server the AppHost creates
    /// it when the server is ready; on the container (and when publishing) the init script
    /// <c>TargetPostgres/initdb/20-mcp-gateway.sh</c> creates it from <c>GATEWAY_DB_PASSWORD</c>.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddGatewayDatabase(
        this IDistributedApplicationBuilder builder, IResourceBuilder<IResourceWithConnectionString> targetDatabase, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(targetDatabase);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        return targetDatabase.Resource switch
        {
            LocalPostgresDatabaseResource local => builder.CreateResourceBuilder(local.Parent)
                .AddDatabase(name, GatewayRoleName, readOnlyLogin: false, GatewayDatabaseName),
            ReadOnlyDatabaseResource container => builder.AddContainerGatewayDatabase(container.Parent, name),
            var other => throw new InvalidOperationException($"The gateway's database cannot be added beside '{other.Name}' ({other.GetType().Name})."),
        };
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddContainerGatewayDatabase(
        this IDistributedApplicationBuilder builder, PostgresServerResource server, string name)
    {
        var password = builder.AddParameter(
            $"{name}-password", new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
        builder.CreateResourceBuilder(server)
            .WithEnvironment("GATEWAY_DB_PASSWORD", password)
            .WithEnvironment("GATEWAY_DATABASE", GatewayDatabaseName);

        var database = new OwnedDatabaseResource(name, GatewayDatabaseName, GatewayRoleName, password.Resource, server);
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, (@event, _) =>
            @event.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            }));
        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting, Properties = [] });
    }
}
