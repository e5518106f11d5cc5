using McpPlatform.Gateway.Access;
using McpPlatform.Gateway.AdminPage;
using McpPlatform.Gateway.Apis;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Limits;
using McpPlatform.Gateway.Mcp;
using McpPlatform.Gateway.Onboarding;
using McpPlatform.Gateway.Rest;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class GatewayExtensions
{
    public static IHostApplicationBuilder AddMcpGateway(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        // First: what the file maps to is part of the configuration everything below binds.
        builder.AddLiteLlmConfigFile();
        services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StartupWarnings>();

        services.AddSingleton<ServerDirectory>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<UpstreamEvents>();
        services.AddSingleton<UpstreamMetrics>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<McpRequestRecorder>();
        services.TryAddSingleton<IUpstreamTransports, UpstreamTransports>();
        services.AddSingleton<UpstreamPool>();
        services.AddSingleton<ResourceLimiter>();
        services.AddSingleton<McpPlatform.Gateway.StatelessInput.InputClientPool>();
        services.AddSingleton<McpPlatform.Gateway.StatelessInput.PendingCalls>();
        services.AddSingleton<GatewaySessions>();
        services.AddHostedService<UpstreamHealthMonitor>();
        services.AddSingleton<ScopeLists>();
        services.AddSingleton<NamespacedCatalog>();
        services.AddSingleton<ToolCatalog>();
        services.AddSingleton<PromptCatalog>();
        services.AddSingleton<ResourceCatalog>();
        services.AddSingleton<GatewayScopeResolver>();
        services.AddSingleton<AccessExplainer>();
        services.AddSingleton<AdminKeyServices>();
        services.AddSingleton<PublicUrl>();
        services.AddSingleton<RestToolCalls>();
        services.AddKeyRateLimits();
        services.AddGatewayChat();
        services.AddAdminPage();
        builder.AddGatewayStorage();

        // Upstream requests carry no client header but those a server names in ForwardHeaders (the gateway's key stays here) and long-lived
        // MCP streams must not be cut by the default resilience pipeline's total timeout or retried.
        // No per-request HTTP logs: two to four lines per tool call (Upstream logs the failures).
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is the documented way to opt one client out of the defaults.
        services.AddHttpClient(UpstreamTransports.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(() => new ForwardedHeadersHandler()) // only the client headers a server is configured to get, on its tool calls
            .RemoveAllResilienceHandlers()
            .RemoveAllLoggers();
#pragma warning restore EXTEXP0001

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null)
            .AddMasterKey();
        services.AddAuthorization();

        services.AddMcpServer(options =>
            {
                options.ServerInfo = new() { Name = "mcpplatform-gateway", Version = "0.1.0" };
            })
            .WithHttpTransport(options =>
            {
                // Sessions for clients that initialize (2025-xx protocols, legacy SSE); 2026-07-28 clients are stateless.
                options.SessionMode = ModelContextProtocol.AspNetCore.HttpServerSessionMode.StatefulForInitializeClients;
#pragma warning disable MCP9004 // Legacy SSE, for clients that only speak the 2024-11-05 transport.
                options.EnableLegacySse = true;
#pragma warning restore MCP9004
                options.ConfigureSessionOptions = GatewaySessions.ConfigureAsync;
#pragma warning disable MCP9006, MCPEXP002 // Stateful-session hook (experimental): the only place to end what a session owns.
                options.RunSessionHandler = GatewaySessions.RunAsync;
#pragma warning restore MCP9006, MCPEXP002
            })
            .WithGatewayHandlers();

        // One idle limit for streamable HTTP sessions (the SDK's) and legacy SSE sessions (GatewaySessions' own).
#pragma warning disable MCP9006 // Stateful-only option: the gateway keeps sessions for initialize clients.
        services.AddOptions<ModelContextProtocol.AspNetCore.HttpServerTransportOptions>()
            .Configure<IOptions<GatewayOptions>>((transport, gateway) => transport.IdleTimeout = gateway.Value.Limits.SessionIdleTimeout);
#pragma warning restore MCP9006

        return builder;
    }

    public static WebApplication MapMcpGateway(this WebApplication app)
    {
        // First: it sees every MCP request's answer, refusals by the middleware below included (audit, metrics, logs).
        app.UseMcpRequestRecording();

        // DNS-rebinding protection: unknown Host headers get 400 (AllowedHosts), foreign browser Origins 403.
        app.UseOriginValidation();
        app.UseAuthentication();
        app.UseAuthorization();
        // Per-key requests per minute and calls in flight, after authentication (partitioned by key), on every route: 429
        // with Retry-After. Which MCP POSTs are calls is read from their body's start first.
        app.UseToolCallDetection();
        app.UseRateLimiter();

        app.UseServerRouteValidation();
        app.UseSessionLimitResponses();

        app.MapMcp(McpRoutes.Aggregate).RequireAuthorization();
        app.MapMcp(McpRoutes.PerServer).RequireAuthorization();
        app.MapMcp(McpRoutes.PerServerLiteLlm).RequireAuthorization();
        app.MapModelsApiV1();
        app.MapChatApisV1();
        app.MapServersApiV1();
        app.MapAccessApiV1();
        app.MapRestToolsApiV1();
        app.MapLiteLlmRestApi();
        app.MapClientsApiV1();
        if (AdminAuthorization.IsEnabled(app.Services))
        {
            // Without a master key the admin API and the admin page are not there at all: 404, as for any unknown path.
            app.MapAdminKeysApiV1();
            app.MapAdminAuditApiV1();
            app.MapAdminPage();
        }

        return app;
    }
}
