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
            var url = gateway.GetEndpoint("http").Url;
            logger.LogInformation(
                """
                MCP gateway ready
                      - MCP endpoint:  {Url}/mcp
                      - Models:        {Url}/v1/models
                      - API key:       the '{Parameter}' parameter (dashboard: Parameters, or user secrets 'Parameters:{Parameter}')
                """,
                url,
                url,
                apiKey.Resource.Name,
                apiKey.Resource.Name);
            return Task.CompletedTask;
        });
        return gateway;
    }
}
