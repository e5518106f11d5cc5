namespace McpPlatform.Gateway.Chat;

/// <summary>The chat surfaces (<c>/v1/chat/completions</c>, <c>/v1/responses</c>), bound from <c>Gateway:Chat</c>. See docs/chat.md.</summary>
public sealed class ChatSettings
{
    /// <summary>
    /// How many rounds of MCP tool calls the gateway runs for one request (each round: the model's calls, run, and their
    /// results sent back). A model still calling tools after that gets no more: the answer is what it last said.
    /// Default 5 (1-50).
    /// </summary>
    public int MaxToolRounds { get; set; } = 5;

    /// <summary>How long one request to a model's OpenAI-compatible endpoint may take (a streamed answer included). Default 5 minutes.</summary>
    public TimeSpan ProviderTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
