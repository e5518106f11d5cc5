using McpPlatform.Connectors.Postgres.Completion;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Prompts;
using McpPlatform.Connectors.Postgres.Resources;
using McpPlatform.Connectors.Postgres.Sql;
using McpPlatform.Connectors.Postgres.Sql.Safety;
using McpPlatform.Connectors.Postgres.Tools;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

internal static class ConnectorExtensions
{
    /// <summary>The database served when none is configured (<c>ConnectionStrings:maindb</c>).</summary>
    public const string DefaultConnectionName = "maindb";

    /// <summary>The command-line flag that serves MCP over stdio instead of HTTP (for clients that spawn servers).</summary>
    public const string StdioFlag = "--stdio";

    public static IHostApplicationBuilder AddPostgresConnector(this IHostApplicationBuilder builder, bool stdio = false)
    {
        // Every statement we send goes to PostgreSQL as one Parse message, so PostgreSQL itself refuses
        // a client text holding several statements ("cannot insert multiple commands into a prepared
        // statement"). With rewriting on, Npgsql would split "SELECT 1; DROP TABLE t" and run both.
        // Our own SQL uses positional ($1) parameters, which is all raw mode supports.
        AppContext.SetSwitch("Npgsql.EnableSqlRewriting", false);

        builder.Services.AddOptions<SqlExecutionOptions>()
            .Bind(builder.Configuration.GetSection(SqlExecutionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.AddDatabases();

        builder.Services.AddSingleton<StatementRunner>();
        builder.Services.AddSingleton<RestrictedSqlPolicy>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TrustedQuery>();
        builder.Services.AddSingleton<SchemaTools>();

        var mcp = builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = new() { Name = "mcpplatform-postgres", Version = ThisAssemblyVersion() };
            });
        if (stdio)
        {
            mcp.WithStdioServerTransport();
        }
        else
        {
            // Over the network only: a stdio client spawned us and is the only one who can talk to us.
            builder.AddConnectorAccess();

            // Sessions for clients that initialize (2025-xx protocols, and legacy SSE at /mcp/sse + /mcp/message
            // for clients that only speak the 2024-11-05 transport); 2026-07-28 clients go stateless.
#pragma warning disable MCP9004
            mcp.WithHttpTransport(options =>
            {
                options.SessionMode = ModelContextProtocol.AspNetCore.HttpServerSessionMode.StatefulForInitializeClients;
                options.EnableLegacySse = true;
            });
#pragma warning restore MCP9004
        }

        mcp.WithResources<TableSchemaResources>()
            .WithListResourcesHandler(TableSchemaResources.ListAsync)
            .WithPrompts<PostgresPrompts>()
            .WithCompleteHandler(ArgumentCompletion.CompleteAsync)
            .WithTools<SchemaTools>(ToolJson.Options)
            .WithTools<SqlTools>(ToolJson.Options)
            .WithTools<QueryPlanTools>(ToolJson.Options)
            .WithTools<IndexTools>(ToolJson.Options)
            .WithTools<HealthTools>(ToolJson.Options)
            .WithTools<OperationsTools>(ToolJson.Options)
            .WithReadableToolResults();

        return builder;
    }

    /// <summary>One keyed Npgsql data source per configured database (Aspire.Npgsql: health check, traces, metrics).</summary>
    private static void AddDatabases(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.Databases.Count == 0)
        {
            options.Databases[DefaultConnectionName] = new DatabaseEntryOptions();
        }

        foreach (var name in options.Databases.Keys)
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
            {
                throw new InvalidOperationException(
                    $"Database '{name}' (Postgres:Databases:{name}) has no connection string: set ConnectionStrings:{name} (environment: ConnectionStrings__{name}).");
            }

            builder.AddKeyedNpgsqlDataSource(name);
        }

        var defaultName = options.DefaultDatabase
            ?? (options.Databases.ContainsKey(DefaultConnectionName) ? DefaultConnectionName : options.Databases.Keys.Order(StringComparer.Ordinal).First());
        if (!options.Databases.ContainsKey(defaultName))
        {
            throw new InvalidOperationException($"Postgres:DefaultDatabase '{defaultName}' is not one of Postgres:Databases.");
        }

        var ordered = options.Databases.OrderBy(pair => pair.Key == defaultName ? 0 : 1).ThenBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        // A list (Schemas:0, Schemas:1) or one comma-separated value (Postgres__Databases__maindb__Schemas=public,sales).
        var scopes = ordered.ToDictionary(
            pair => pair.Key,
            pair => SchemaScope.Parse(pair.Key, pair.Value.Schemas is { Count: > 0 } list ? list : SchemaScope.Split(builder.Configuration[$"{DatabaseOptions.SectionName}:Databases:{pair.Key}:Schemas"])));
        builder.Services.AddSingleton(services => new DatabaseRegistry(
            [.. ordered.Select(pair => new DatabaseTarget(pair.Key, pair.Value.AccessMode, services.GetRequiredKeyedService<NpgsqlDataSource>(pair.Key)) { AllowPrivilegedRole = pair.Value.AllowPrivilegedRole, Schemas = scopes[pair.Key] })]));
        var unrestricted = options.Databases.Where(pair => pair.Value.AccessMode == AccessMode.Unrestricted).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        if (unrestricted.Count > 0)
        {
            builder.Services.PostConfigure<ModelContextProtocol.Server.McpServerOptions>(mcp => WritingToolAnnotations.MarkExecuteSqlWriting(mcp, unrestricted));
        }

        builder.Services.AddHostedService<PrivilegedRoleAudit>();
        builder.Services.AddHostedService<SchemaScopeAudit>();
        builder.Services.AddHealthChecks().AddCheck<PrivilegedRoleHealthCheck>("restricted-roles");
    }

    public static WebApplication MapPostgresConnector(this WebApplication app)
    {
        app.UseLegacySseAtRoot();
        app.UseOriginValidation();
        app.UseConnectorAccess();
        app.MapMcp("/mcp").RequireAuthorization();
        return app;
    }

    private static string ThisAssemblyVersion() =>
        typeof(ConnectorExtensions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
