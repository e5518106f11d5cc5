using McpPlatform.AppHost.Publishing;

var builder = DistributedApplication.CreateBuilder(TreePublishing.ArgumentsFor(args));

// The database the connectors work on: an embedded PostgreSQL 15 process unless configured otherwise. Its read-only
// role is granted only the schemas Postgres:Databases:maindb:Schemas lists (default: every user schema).
var mainSchemas = SchemaAllowList.From(builder.Configuration, "maindb");
var mainDatabase = builder.AddTargetPostgres("postgres", "maindb", mainSchemas);

// The gateway's own database (virtual keys, audit log) on the same server, owned by its own login role.
var gatewayDatabase = builder.AddGatewayDatabase(mainDatabase, "gatewaydb");

// The connector's own secret: it answers only callers that present it (the gateway), not anything else on the network.
var connectorSecret = builder.AddParameter(
        "mcp-postgres-secret",
        new GenerateParameterDefault { MinLength = 40, Special = false },
        secret: true,
        persist: true)
    .WithDescription("The Postgres connector's secret: the gateway sends it upstream as 'Authorization: Bearer <secret>'.");

var postgresConnector = builder.AddProject<Projects.McpPlatform_Connectors_Postgres>("mcp-postgres")
    .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString)
    .WithReference(mainDatabase)
    .WaitFor(mainDatabase)
    .WithEnvironment("Connector__Secret", connectorSecret)
    .WithServedSchemas("maindb", mainSchemas)
    .WithHttpHealthCheck("/health");

var gatewayApiKey = builder.AddParameter(
        "gateway-api-key",
        new GenerateParameterDefault { MinLength = 40, Special = false },
        secret: true,
        persist: true)
    .WithDescription("The LAN user's key for the gateway: send it as 'Authorization: Bearer <key>'.");

var gatewayMasterKey = builder.AddParameter(
        "gateway-master-key",
        new GenerateParameterDefault { MinLength = 40, Special = false },
        secret: true,
        persist: true)
    .WithDescription("The gateway's admin key (/v1/admin): send it as 'Authorization: Bearer <master key>'.");

// Host names LAN clients use for the gateway (DNS-rebinding protection refuses any other Host or Origin).
var gatewayAllowedHosts = builder.AddParameter(
        "gateway-allowed-hosts", "localhost;127.0.0.1;[::1];gateway;linuxserver.lan;*.lan;*.local;*.home.arpa", publishValueAsDefault: true)
    .WithDescription("';'-separated host names (wildcards like *.lan allowed) clients may use to reach the gateway.");

builder.AddProject<Projects.McpPlatform_Gateway>("gateway")
    .WithEndpoint("http", endpoint =>
    {
        endpoint.Port = 4000;
        endpoint.TargetHost = LanAccess.TargetHost(builder); // every interface: LAN clients reach it (Gateway:LocalhostOnly keeps it local)
    })
    .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ServiceDiscovery | ReferenceEnvironmentInjectionFlags.ConnectionString)
    .WithReference(postgresConnector)
    .WaitFor(postgresConnector)
    .WithReference(gatewayDatabase)
    .WaitFor(gatewayDatabase)
    .WithEnvironment("Gateway__Servers__postgres_main__Headers__Authorization", ReferenceExpression.Create($"Bearer {connectorSecret}"))
    .WithEnvironment("Gateway__Keys__local-user__Key", gatewayApiKey)
    .WithEnvironment("Gateway__Admin__MasterKey", gatewayMasterKey)
    .WithEnvironment("AllowedHosts", LanAccess.AllowedHosts(builder, gatewayAllowedHosts))
    .WithGatewayConfigFile(builder) // a LiteLLM config.yaml the dev run imports (AppHost setting Gateway:ConfigFile)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithReadyBanner(gatewayApiKey);

builder.RemoveForwardedHeadersSwitch();

builder.Build().Run();

// `--publisher compose|kubernetes --output-path DIR` writes the deployment files from the manifest just published.
TreePublishing.CompleteIfRequested(args);
