using System.ClientModel;
using System.ClientModel.Primitives;
using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// The chat client of a configured model (<c>Gateway:Models</c>, LiteLLM's <c>litellm_params</c>): <c>mock-response</c>
/// is <see cref="MockChatClient"/>; any other <c>Model</c> is a model at the OpenAI-compatible endpoint <c>ApiBase</c>
/// (OpenAI's when unset), reached through Microsoft.Extensions.AI's OpenAI adapter over the gateway's
/// <see cref="HttpClientName"/> client. A LiteLLM provider prefix naming an OpenAI-compatible server (<c>openai/</c>,
/// <c>hosted_vllm/</c>, <c>lm_studio/</c>, <c>ollama/</c>, <c>ollama_chat/</c>) is dropped; for Ollama <c>/v1</c> is
/// added to an <c>ApiBase</c> without it. The provider's key goes only to its endpoint: never logged, never returned.
/// </summary>
internal sealed class ChatProviders(IOptions<GatewayOptions> options, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "mcpplatform-chat-providers";

    private static readonly string[] OpenAiCompatiblePrefixes = ["openai/", "hosted_vllm/", "lm_studio/"];
    private static readonly string[] OllamaPrefixes = ["ollama/", "ollama_chat/"];

    /// <summary>
    /// The model a key asked for, or null: unknown, or not among the key's models (<see cref="Auth.GatewayKey.Models"/>,
    /// e.g. a LiteLLM virtual key's <c>models</c>) — answered alike, as <c>GET /v1/models</c> lists only the key's.
    /// </summary>
    public ModelOptions? Find(Auth.GatewayKey key, string id) =>
        key.MayUseModel(id) && options.Value.Models.TryGetValue(id, out var model) ? model : null;

    /// <summary>A chat client for one request to <paramref name="model"/>.</summary>
    public IChatClient Create(string id, ModelOptions model)
    {
        var name = model.Model;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ChatRequestException.Invalid($"The model '{id}' is listed but has no provider to chat with (Gateway:Models:{id}:Model).", "model");
        }

        if (IsMock(name))
        {
            return new MockChatClient(model.MockResponse);
        }

        var apiBase = model.ApiBase;
        if (OllamaPrefixes.FirstOrDefault(prefix => name.StartsWith(prefix, StringComparison.Ordinal)) is { } ollama)
        {
            name = name[ollama.Length..];
            apiBase = apiBase is null ? null : apiBase.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal) ? apiBase : apiBase.TrimEnd('/') + "/v1";
        }
        else if (OpenAiCompatiblePrefixes.FirstOrDefault(prefix => name.StartsWith(prefix, StringComparison.Ordinal)) is { } prefix)
        {
            name = name[prefix.Length..];
        }

        var clientOptions = new OpenAI.OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
            NetworkTimeout = options.Value.Chat.ProviderTimeout,
        };
        if (apiBase is { Length: > 0 })
        {
            clientOptions.Endpoint = new Uri(apiBase);
        }

        // Local servers (Ollama, vLLM, LM Studio) take any key; the OpenAI client insists on one.
        var credential = new ApiKeyCredential(string.IsNullOrEmpty(model.ApiKey) ? "no-key" : model.ApiKey);
        return new OpenAI.Chat.ChatClient(name, credential, clientOptions).AsIChatClient();
    }

    /// <summary>Whether the model is the built-in mock (LiteLLM's <c>mock-response</c>, with or without a provider prefix).</summary>
    public static bool IsMock(string? model) =>
        model is not null && (model == MockChatClient.ModelName || model.EndsWith("/" + MockChatClient.ModelName, StringComparison.Ordinal));
}
