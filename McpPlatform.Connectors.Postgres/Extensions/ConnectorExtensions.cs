using McpPlatform.Connectors.Postgres.Sql;
using McpPlatform.Connectors.Postgres.Tools;

namespace Microsoft.Extensions.Hosting;

internal static class ConnectorExtensions
{
    /// <summary>The Aspire connection name the connector reads its database from (<c>ConnectionStrings:maindb</c>).</summary>
    public const string DefaultConnectionName = "maindb";

    public static IHostApplicationBuilder AddPostgresConnector(this IHostApplicationBuilder builder)
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

        var connectionName = builder.Configuration["Connector:ConnectionName"] ?? DefaultConnectionName;
        builder.AddNpgsqlDataSource(connectionName);

        builder.Services.AddSingleton<StatementRunner>();

        builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = new() { Name = "mcpplatform-postgres", Version = ThisAssemblyVersion() };
            })
            .WithHttpTransport()
            .WithTools<SchemaTools>()
            .WithTools<SqlTools>();

        return builder;
    }

    public static WebApplication MapPostgresConnector(this WebApplication app)
    {
        app.MapMcp("/mcp");
        return app;
    }

    private static string ThisAssemblyVersion() =>
        typeof(ConnectorExtensions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
