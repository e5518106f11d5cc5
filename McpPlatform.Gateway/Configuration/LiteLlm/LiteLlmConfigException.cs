namespace McpPlatform.Gateway.Configuration.LiteLlm;

/// <summary>A LiteLLM config file the gateway cannot read: the message names the file, the line and the column.</summary>
public sealed class LiteLlmConfigException(string message, Exception? inner = null) : Exception(message, inner);
