using McpPlatform.Gateway.Apis;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Mcp;
using McpPlatform.Gateway.Upstreams;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class GatewayExtensions
{
    public static IHostApplicationBuilder AddMcpGateway(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<ServerDirectory>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<UpstreamPool>();
        services.AddSingleton<ToolCatalog>();

        // Upstream requests carry no client header (the gateway's key stays here) and long-lived
        // MCP streams must not be cut by the default resilience pipeline's total timeout or retried.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is the documented way to opt one client out of the defaults.
        services.AddHttpClient(UpstreamPool.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();

        services.AddMcpServer(options =>
            {
                options.ServerInfo = new() { Name = "mcpplatform-gateway", Version = "0.1.0" };
            })
            .WithHttpTransport()
            .WithListToolsHandler(GatewayMcpHandlers.ListToolsAsync)
            .WithCallToolHandler(GatewayMcpHandlers.CallToolAsync);

        return builder;
    }

    public static WebApplication MapMcpGateway(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapMcp("/mcp").RequireAuthorization();
        app.MapModelsApiV1();
        return app;
    }
}
