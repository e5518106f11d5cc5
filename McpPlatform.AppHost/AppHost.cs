using McpPlatform.AppHost.Publishing;

var builder = DistributedApplication.CreateBuilder(TreePublishing.ArgumentsFor(args));

// The database the connectors work on: an embedded PostgreSQL 15 process unless configured otherwise.
var mainDatabase = builder.AddTargetPostgres("postgres", "maindb");

var postgresConnector = builder.AddProject<Projects.McpPlatform_Connectors_Postgres>("mcp-postgres")
    .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString)
    .WithReference(mainDatabase)
    .WaitFor(mainDatabase)
    .WithHttpHealthCheck("/health");

var gatewayApiKey = builder.AddParameter(
        "gateway-api-key",
        new GenerateParameterDefault { MinLength = 40, Special = false },
        secret: true,
        persist: true)
    .WithDescription("The LAN user's key for the gateway: send it as 'Authorization: Bearer <key>'.");

builder.AddProject<Projects.McpPlatform_Gateway>("gateway")
    .WithEndpoint("http", endpoint => endpoint.Port = 4000)
    .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ServiceDiscovery)
    .WithReference(postgresConnector)
    .WaitFor(postgresConnector)
    .WithEnvironment("Gateway__Keys__local-user__Key", gatewayApiKey)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithReadyBanner(gatewayApiKey);

builder.Build().Run();

// `--publisher compose|kubernetes --output-path DIR` writes the deployment files from the manifest just published.
TreePublishing.CompleteIfRequested(args);
