namespace McpPlatform.Gateway.Chat;

/// <summary>The chat surfaces (<c>/v1/chat/completions</c>, <c>/v1/responses</c>), bound from <c>Gateway:Chat</c>. See docs/chat.md.</summary>
public sealed class ChatSettings
{
    /// <summary>
    /// How many times one request may go to the model when the gateway runs MCP tools for it: the first request and
    /// each round of tool results sent back. Past it the loop ends with what the model last said. Default 5 (1-50).
    /// </summary>
    public int MaxToolRounds { get; set; } = 5;

    /// <summary>How long one request to a model's OpenAI-compatible endpoint may take (a streamed answer included). Default 5 minutes.</summary>
    public TimeSpan ProviderTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
