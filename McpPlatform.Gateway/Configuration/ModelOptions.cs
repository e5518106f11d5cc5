namespace McpPlatform.Gateway.Configuration;

/// <summary>
/// A model listed by <c>GET /v1/models</c> and served by the chat surfaces. The fields after <see cref="OwnedBy"/>
/// mirror LiteLLM's <c>litellm_params</c>, so a LiteLLM <c>model_list</c> entry maps onto them one to one.
/// </summary>
public sealed class ModelOptions
{
    /// <summary>Who offers the model. Default <c>mcpplatform</c>.</summary>
    public string OwnedBy { get; set; } = "mcpplatform";

    /// <summary>
    /// The provider's model (LiteLLM's <c>litellm_params.model</c>): <c>mock-response</c> for the built-in deterministic
    /// mock; otherwise the model name at an OpenAI-compatible endpoint, optionally prefixed <c>openai/</c>.
    /// Null: the model is listed but cannot chat.
    /// </summary>
    public string? Model { get; set; }

    /// <summary>Base URL of the OpenAI-compatible endpoint (LiteLLM's <c>api_base</c>); null: OpenAI's.</summary>
    public string? ApiBase { get; set; }

    /// <summary>The provider's key (LiteLLM's <c>api_key</c>). A secret: never logged, never shown by any API.</summary>
    public string? ApiKey { get; set; }

    /// <summary>What the mock provider answers (LiteLLM's <c>mock_response</c>); null: a fixed default text.</summary>
    public string? MockResponse { get; set; }
}
