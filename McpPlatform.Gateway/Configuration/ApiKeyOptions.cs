namespace McpPlatform.Gateway.Configuration;

/// <summary>An API key and what it may reach.</summary>
public sealed class ApiKeyOptions : AccessOptions
{
    /// <summary>The key itself (at least 16 characters). Only its SHA-256 is kept once the gateway starts.</summary>
    public string? Key { get; set; }

    /// <summary>Alternatively, the key's SHA-256 as 64 hex digits, so the key never sits in configuration.</summary>
    public string? KeySha256 { get; set; }

    /// <summary>
    /// When not empty, the only models this key sees and may use (ids of <c>Gateway:Models</c>; LiteLLM's virtual key
    /// <c>models</c>). Default: every model.
    /// </summary>
    public List<string> Models { get; set; } = [];

    /// <summary>
    /// Set by the LiteLLM config import (<c>Gateway:ConfigFile</c>) for the keys it brings: such a key may be shorter
    /// than the 16-character minimum, which is then a start-up warning instead of an error. Not meant to be set by hand.
    /// </summary>
    public bool Imported { get; set; }
}
