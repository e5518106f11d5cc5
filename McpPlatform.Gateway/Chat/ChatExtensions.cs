using McpPlatform.Gateway.Apis;
using McpPlatform.Gateway.Chat;
using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The chat surfaces: their services (providers, MCP tool sets, runner, the providers' HTTP client) and routes.</summary>
internal static class ChatExtensions
{
    public static IServiceCollection AddGatewayChat(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<GatewayOptions>, ChatSettingsValidator>();
        services.AddSingleton<ChatProviders>();
        services.AddSingleton<ChatToolSets>();
        services.AddSingleton<ChatRunner>();

        // Model answers can take minutes (streams): the provider timeout applies, not the default pipeline's total
        // timeout or retries (the OpenAI client retries what is safe to retry). No per-request HTTP logs.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is the documented way to opt one client out of the defaults.
        services.AddHttpClient(ChatProviders.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<GatewayOptions>>().Value.Chat.ProviderTimeout)
            .RemoveAllResilienceHandlers()
            .RemoveAllLoggers();
#pragma warning restore EXTEXP0001
        return services;
    }

    /// <summary><c>POST /v1/chat/completions</c> and <c>POST /v1/responses</c> (docs/chat.md).</summary>
    public static IEndpointRouteBuilder MapChatApisV1(this IEndpointRouteBuilder routes) =>
        routes.MapChatCompletionsApiV1().MapResponsesApiV1();
}
