using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>Tells the person at the console where the gateway is once it is ready.</summary>
internal static class ReadyBannerExtensions
{
    public static IResourceBuilder<ProjectResource> WithReadyBanner(
        this IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ParameterResource> apiKey)
    {
        gateway.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("McpPlatform.AppHost");
            var endpoint = gateway.GetEndpoint("http");
            var url = endpoint.Url;
            // The key itself is never logged: one command prints it from the AppHost's user secrets.
            var lan = LanAccess.LocalhostOnly(gateway.ApplicationBuilder) ? "(localhost only: Gateway:LocalhostOnly)" : $"http://{LanAccess.HostName()}:{endpoint.Port}/mcp";
            logger.LogInformation(
                """
                MCP gateway ready
                      - MCP endpoint:  {Url}/mcp
                      - From the LAN:  {LanUrl}
                      - Models:        {Url}/v1/models
                      - API key:       dotnet user-secrets list --project McpPlatform.AppHost | grep {Parameter}  (or the dashboard: Parameters)
                """,
                url,
                lan,
                url,
                apiKey.Resource.Name);
            return Task.CompletedTask;
        });
        return gateway;
    }
}
